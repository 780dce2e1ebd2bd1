export * from './connection.ts';
export { migrate, migrations } from './migrate.ts';
