import { describe, expect, it } from 'vitest';
import { assemblePair, learnPairLayout, truncateLongestFirst } from '../../worker/families/pair-layout';

const vocab: Record<string, number> = { '[CLS]': 101, '[SEP]': 102, '<s>': 0, '</s>': 2 };
const toIds = (tokens: string[]) => tokens.map((t) => vocab[t] ?? -1);

describe('pair layout', () => {
  it('learns BERT pairs: [CLS] A [SEP] B [SEP] with segment ids 0/1', () => {
    const bert = (a: string[], b: string[]) => ({
      tokens: ['[CLS]', ...a, '[SEP]', ...b, '[SEP]'],
      token_type_ids: [0, ...a.map(() => 0), 0, ...b.map(() => 1), 1],
    });
    const layout = learnPairLayout(bert, toIds);
    expect(layout.specialCount).toBe(3);
    expect(assemblePair(layout, [7, 8], [9])).toEqual({ ids: [101, 7, 8, 102, 9, 102], typeIds: [0, 0, 0, 0, 1, 1] });
  });

  it('learns RoBERTa-style pairs: <s> A </s></s> B </s> without segment ids', () => {
    const roberta = (a: string[], b: string[]) => ({ tokens: ['<s>', ...a, '</s>', '</s>', ...b, '</s>'] });
    const layout = learnPairLayout(roberta, toIds);
    expect(assemblePair(layout, [5], [6]).ids).toEqual([0, 5, 2, 2, 6, 2]);
  });

  it("keeps RobertaProcessing's segment ids at 0 even when transformers.js reports 1 for the second text", () => {
    const roberta = Object.assign(
      (a: string[], b: string[]) => ({
        tokens: ['<s>', ...a, '</s>', '</s>', ...b, '</s>'],
        token_type_ids: [0, ...a.map(() => 0), 0, 1, ...b.map(() => 1), 1],
      }),
      { config: { type: 'RobertaProcessing' } },
    );
    expect(assemblePair(learnPairLayout(roberta, toIds), [5], [6]).typeIds).toEqual([0, 0, 0, 0, 0, 0]);
  });
});

describe('truncateLongestFirst (Hugging Face tokenizers semantics)', () => {
  it('leaves pairs that fit alone', () => expect(truncateLongestFirst(3, 4, 10)).toEqual([3, 4]));
  it('cuts only the longer text when the shorter fits in its share', () => {
    expect(truncateLongestFirst(5, 100, 20)).toEqual([5, 15]);
    expect(truncateLongestFirst(100, 5, 20)).toEqual([15, 5]);
  });
  it('splits the room when both are long, the longer keeping the odd token', () => {
    expect(truncateLongestFirst(30, 40, 21)).toEqual([10, 11]);
    expect(truncateLongestFirst(40, 30, 21)).toEqual([11, 10]);
    expect(truncateLongestFirst(30, 30, 20)).toEqual([10, 10]);
  });
});
