/**
 * Inputs for the tokenizer parity tests: a deterministic sample of TREC DL19 (read from
 * ../shared at test time, never copied: its licence forbids redistribution) and hostile text.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const DL19 = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../shared/data/trec-dl19/retrieve_results_dl19.json');
export const hasDl19 = existsSync(DL19);

export interface TextPair {
  query: string;
  passage: string;
}

/** Every `HIT_STRIDE`-th hit of every query: all 43 queries, 25 passages each, spread over the ranks. */
const HIT_STRIDE = 4;

export function dl19Pairs(): TextPair[] {
  const data = JSON.parse(readFileSync(DL19, 'utf8')) as { query: string; hits: { content: string }[] }[];
  return data.flatMap(({ query, hits }) => hits.filter((_, i) => i % HIT_STRIDE === 0).map(({ content }) => ({ query, passage: content })));
}

/** Every DL19 query and passage: the corpus the miniature vocabularies are learned from. */
export function dl19Corpus(): string[] {
  const data = JSON.parse(readFileSync(DL19, 'utf8')) as { query: string; hits: { content: string }[] }[];
  return data.flatMap(({ query, hits }) => [query, ...hits.map((h) => h.content)]);
}

const randomWord = (length: number, seed: number) => {
  let x = seed;
  return Array.from({ length }, () => {
    x = (x * 1103515245 + 12345) % 2 ** 31;
    return String.fromCharCode(97 + (x % 26));
  }).join('');
};

export const NASTY: Record<string, string> = {
  arabic: 'ما هي عاصمة فرنسا؟ باريس هي العاصمة، وعدد سكانها ٢١٠٠٠٠٠ نسمة.',
  hebrewNiqqud: 'שָׁלוֹם עוֹלָם — מה שלומך? 123 abc',
  mixedBidi: 'The word \u202Bسلام\u202C means peace; \u200Fשלום\u200E too.',
  emojiZwj: 'family 👩‍👩‍👧‍👦 thumbs 👍🏽 flag 🇫🇷 heart ❤️ 🏳️‍🌈 done',
  combining: 'e\u0301te\u0301 cafe\u0301 Z\u0351\u0323a\u0300l\u0334g\u0337o na\u0308ive',
  precomposed: 'Ünïcödé naïve café résumé ÅNGSTRÖM ΟΔΥΣΣΕΥΣ İstanbul Straße ẞ',
  compatibility: 'ﬁne ligature ① ｆｕｌｌｗｉｄｔｈ ～ ㍿ ™ ½ x²',
  nul: 'before\u0000after \u0000 nul',
  controls: 'bell\u0007 escape\u001b[31m del\u007f c1\u0085 zero\u200bwidth soft\u00adhyphen bom\ufeff',
  loneSurrogates: 'lone \uD800 high and \uDC00 low \uDBFF\uDFFF pair',
  whitespaceRuns: '  leading   spaces\t\t\ttabs\n\n\nnewlines \r\n crlf \u00a0nbsp\u2003em\u3000ideographic   trailing  ',
  onlyWhitespace: ' \t\n  ',
  empty: '',
  longWord: 'a'.repeat(500),
  longRandomWord: randomWord(500, 7),
  longWordInText: `short words then ${randomWord(500, 11)} and more words`,
  html: '<p class="lead">Hello <b>world</b>&nbsp;&amp; <a href="https://x.y/z?q=1&r=2">link</a></p><br/><script>alert(1)</script>',
  specialTokenText: 'literal <s> and </s> <pad> <unk> <mask> [CLS] [SEP] [MASK] [UNK] <|begin_of_text|> inside',
  cjk: '東京は日本の首都です。中文测试，繁體中文。한국어 텍스트입니다. カタカナ ｶﾀｶﾅ',
  digits: '3000 300000 1,234,567.89 0000 10-20% $5.00 ₹٣٤',
  punctuation: '...!!!??? --- ——— “quotes” ‘single’ «guillemets» (brackets) [x] {y}',
};
