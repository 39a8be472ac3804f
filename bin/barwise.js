#!/usr/bin/env node
// The installed `barwise` command: the CLI bundle built by `npm run build`.
import '../out/main/cli.js';
