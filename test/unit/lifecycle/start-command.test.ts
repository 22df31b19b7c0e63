import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { chooseStartCommand, parseStagingInfo, procfileWeb, releaseWeb, yamlScalar } from '../../../src/lifecycle/builder/start-command.ts';

describe('start command', () => {
  it('reads YAML scalars: plain, quoted, comments, null', () => {
    assert.equal(yamlScalar(' node server.js '), 'node server.js');
    assert.equal(yamlScalar('bin/run # comment'), 'bin/run');
    assert.equal(yamlScalar('a#b'), 'a#b');
    assert.equal(yamlScalar('"say \\"hi\\"\\n\\u00e9"'), 'say "hi"\né');
    assert.equal(yamlScalar("'it''s'"), "it's");
    assert.equal(yamlScalar('~'), '');
    assert.equal(yamlScalar('null'), '');
    assert.equal(yamlScalar('# only a comment'), '');
  });

  it("reads a release's default_process_types.web", () => {
    assert.equal(releaseWeb('---\ndefault_process_types:\n  web: npm start\n'), 'npm start');
    assert.equal(releaseWeb('default_process_types:\n  worker: w\n  web: "x y"\naddons: []\n'), 'x y');
    assert.equal(releaseWeb('default_process_types: {web: "a, b", worker: c}\n'), 'a, b');
    assert.equal(releaseWeb("default_process_types: {worker: c, web: 'q'}"), 'q');
    assert.equal(releaseWeb('default_process_types: {}\n'), '');
    assert.equal(releaseWeb('web: not-under-the-key\n'), '');
    assert.equal(releaseWeb('default_process_types:\n  nested:\n    web: deeper\n'), '');
    assert.equal(releaseWeb('default_process_types:\n  web: |\n    one\n    two\n\nother: 1\n'), 'one\ntwo');
    assert.equal(releaseWeb('default_process_types:\n  web: >\n    java\n    -jar app.jar\n'), 'java -jar app.jar');
    assert.equal(releaseWeb('default_process_types:\r\n  web: crlf\r\n'), 'crlf');
    assert.equal(releaseWeb(''), '');
  });

  it("reads a Procfile's web: line", () => {
    assert.equal(procfileWeb('web: bundle exec rackup -p $PORT\nworker: sidekiq\n'), 'bundle exec rackup -p $PORT');
    assert.equal(procfileWeb('worker: x\n'), '');
    assert.equal(procfileWeb('  web: indented is not top level\n'), '');
    assert.equal(procfileWeb('web:\n'), '');
  });

  it('lets the Procfile win, then the buildpack, else none', () => {
    const release = 'default_process_types:\n  web: from-release\n';
    assert.deepEqual(chooseStartCommand('web: from-procfile\n', release), { command: 'from-procfile', source: 'procfile' });
    assert.deepEqual(chooseStartCommand(null, release), { command: 'from-release', source: 'buildpack' });
    assert.deepEqual(chooseStartCommand('worker: w\n', release), { command: 'from-release', source: 'buildpack' });
    assert.deepEqual(chooseStartCommand(null, 'default_process_types: {}'), { command: '', source: 'none' });
  });

  it('reads staging_info.yml as JSON (what the builder writes) or YAML lines', () => {
    assert.deepEqual(parseStagingInfo('{"detected_buildpack":"nodejs","start_command":"node \\"a b\\".js"}\n'), {
      detected_buildpack: 'nodejs',
      start_command: 'node "a b".js',
    });
    assert.deepEqual(parseStagingInfo('detected_buildpack: staticfile\nstart_command: "exec httpd"\n'), {
      detected_buildpack: 'staticfile',
      start_command: 'exec httpd',
    });
    assert.deepEqual(parseStagingInfo('{}'), { detected_buildpack: '', start_command: '' });
  });
});
