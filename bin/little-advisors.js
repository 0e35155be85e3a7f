#!/usr/bin/env node
// Runs the TypeScript CLI in this same process (tsx registers the loader), so signals
// reach the server directly and no orphan is left behind.
import { register } from 'tsx/esm/api';
register();
await import('../src/cli.ts');
