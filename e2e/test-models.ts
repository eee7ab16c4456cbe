/** The generated test models (test-models/, served under /models/test/) and small helpers the specs and benches share. */
export const BERT_TINY = '/models/test/bert-tiny';
export const LLAMA_TINY = '/models/test/llama-tiny';

/** The middle value (the upper one of an even count): robust to one slow run on a shared machine. */
export const median = (values: readonly number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
