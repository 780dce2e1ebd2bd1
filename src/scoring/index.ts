export { Exact } from './exact.ts';
export * from './score.ts';
export * from './survey.ts';
export * from './oit.ts';
