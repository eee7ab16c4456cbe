/**
 * Ways of writing "another site" that the URL parser resolves, with the origin each
 * resolves to against a page at http://localhost:4173: unit tests check the policy on
 * each, and e2e tests open them on every page.
 */
export const UNTRUSTED_FORMS: [string, string][] = [
  ['https://evil.example/x/bert-tiny', 'https://evil.example'],
  ['http://evil.example/x/bert-tiny', 'http://evil.example'],
  ['//evil.example/x/bert-tiny', 'http://evil.example'],
  ['\\\\evil.example\\x\\bert-tiny', 'http://evil.example'],
  ['/\\evil.example/x/bert-tiny', 'http://evil.example'],
  ['HTTPS://EVIL.EXAMPLE/x/bert-tiny', 'https://evil.example'],
  ['hTtPs://Evil.Example/x/bert-tiny', 'https://evil.example'],
  ['https:evil.example/x/bert-tiny', 'https://evil.example'],
  ['https:/evil.example/x/bert-tiny', 'https://evil.example'],
  ['https:\\\\evil.example/x/bert-tiny', 'https://evil.example'],
  ['/\t/evil.example/x/bert-tiny', 'http://evil.example'],
  ['/\n/evil.example/x/bert-tiny', 'http://evil.example'],
  ['  //evil.example/x/bert-tiny  ', 'http://evil.example'],
  ['https://huggingface.co@evil.example/x/bert-tiny', 'https://evil.example'],
  ['https://huggingface.co:x@evil.example/x/bert-tiny', 'https://evil.example'],
  ['https://huggingface.co.evil.example/x/bert-tiny', 'https://huggingface.co.evil.example'],
  ['https://evil.example%2Ecom/x/bert-tiny', 'https://evil.example.com'],
  ['https://xn--80ak6aa92e.com/x/bert-tiny', 'https://xn--80ak6aa92e.com'],
  ['https://аррӏе.com/x/bert-tiny', 'https://xn--80ak6aa92e.com'],
  ['http://huggingface.co/someone/model', 'http://huggingface.co'],
  ['https://localhost:4174/models/test/bert-tiny', 'https://localhost:4174'],
  ['http://localhost:9999/models/test/bert-tiny', 'http://localhost:9999'],
  ['http://127.0.0.1:4173/models/test/bert-tiny', 'http://127.0.0.1:4173'],
  ['http://[::1]:4173/models/test/bert-tiny', 'http://[::1]:4173'],
  ['https://local-folder.invalid.evil.example/x', 'https://local-folder.invalid.evil.example'],
  // A trusted host on another port is another server.
  ['https://huggingface.co:8443/someone/model', 'https://huggingface.co:8443'],
  ['https://x.hf.co:444/someone/model', 'https://x.hf.co:444'],
  ['https://hf.co:80/someone/model', 'https://hf.co:80'],
  ['https://local-folder.invalid:444/x', 'https://local-folder.invalid:444'],
];
