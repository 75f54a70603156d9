#!/usr/bin/env node
'use strict';
const { existsSync } = require('node:fs');
const { join } = require('node:path');

const main = join(__dirname, '..', 'dist', 'src', 'cli', 'main.js');
if (!existsSync(main)) {
  process.stderr.write('botarmy is not built yet: run `npm run build` (npm start does it for you).\n');
  process.exit(1);
}
require(main);
