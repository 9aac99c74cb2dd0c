#!/usr/bin/env node
// Launcher for the `liutong` CLI: Node 24 runs the TypeScript sources directly (type stripping).
import '../src/main.ts';
