// The nodejs buildpack's reading of package.json, run with the Node runtime the
// buildpack packages (the stack itself has no node).
//   node nodejs.cjs start-command BUILD_DIR     the web start command
//   node nodejs.cjs dependency-count BUILD_DIR  how many dependencies to install
//   node nodejs.cjs release BUILD_DIR           bin/release's YAML
'use strict';
const fs = require('node:fs');
const path = require('node:path');

function readPackage(buildDir) {
  const file = path.join(buildDir, 'package.json');
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (err) {
    process.stderr.write(`nodejs: cannot read ${file}: ${err.message}\n`);
    process.exit(1);
  }
}

// Quote for bash only when needed, so ordinary commands read naturally.
function shellWord(word) {
  return /^[A-Za-z0-9_./@%+=:,-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

// What `npm start` would run: prestart then start, in the app dir with
// node_modules/.bin on PATH (profile.d puts it there). Without scripts.start,
// `node <main>`; npm's own default is `node server.js`, then index.js.
function startCommand(buildDir) {
  const pkg = readPackage(buildDir);
  const scripts = pkg.scripts && typeof pkg.scripts === 'object' ? pkg.scripts : {};
  const start = typeof scripts.start === 'string' ? scripts.start.trim() : '';
  if (start) {
    const prestart = typeof scripts.prestart === 'string' ? scripts.prestart.trim() : '';
    return prestart ? `${prestart} && ${start}` : start;
  }
  if (typeof pkg.main === 'string' && pkg.main.trim()) return `node ${shellWord(pkg.main.trim())}`;
  for (const candidate of ['server.js', 'index.js']) {
    if (fs.existsSync(path.join(buildDir, candidate))) return `node ${candidate}`;
  }
  return '';
}

function dependencyCount(buildDir) {
  const pkg = readPackage(buildDir);
  const deps = pkg.dependencies && typeof pkg.dependencies === 'object' ? pkg.dependencies : {};
  return Object.keys(deps).length;
}

function release(buildDir) {
  const command = startCommand(buildDir);
  // A JSON string is a valid YAML double-quoted scalar.
  return command ? `---\ndefault_process_types:\n  web: ${JSON.stringify(command)}\n` : '---\ndefault_process_types: {}\n';
}

const [verb, buildDir] = process.argv.slice(2);
if (!buildDir) {
  process.stderr.write('usage: node nodejs.cjs start-command|dependency-count|release BUILD_DIR\n');
  process.exit(2);
}
switch (verb) {
  case 'start-command': process.stdout.write(startCommand(buildDir)); break;
  case 'dependency-count': process.stdout.write(String(dependencyCount(buildDir))); break;
  case 'release': process.stdout.write(release(buildDir)); break;
  default:
    process.stderr.write(`nodejs.cjs: unknown verb ${verb}\n`);
    process.exit(2);
}
