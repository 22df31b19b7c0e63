// gantry's Node example: answers every request with a greeting and which
// instance answered, on the port the cell gives it ($PORT).
'use strict';
const http = require('node:http');
const os = require('node:os');
const { greet } = require('tiny-greeting');

const port = Number(process.env.PORT || 8080);
const instance = process.env.INSTANCE_INDEX || process.env.CF_INSTANCE_INDEX || '?';

const server = http.createServer((req, res) => {
  if (req.url === '/health') {
    res.writeHead(200, { 'content-type': 'text/plain' }).end('ok\n');
    return;
  }
  const body = {
    message: greet('gantry'),
    instance,
    host: os.hostname(),
    pid: process.pid,
    node: process.version,
  };
  res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body) + '\n');
});

server.listen(port, () => console.log(`node example listening on port ${port} (instance ${instance})`));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
