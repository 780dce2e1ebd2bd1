export * from './findings.ts';
export * from './sentences.ts';
