// Checks that the services the tests talk to answer before any test runs. The tests never skip when a service is
// down; this step fails first, with a message that says which one and how to start it.
import net from 'node:net';

const services = [
  {
    name: 'Redis',
    host: process.env.PLINTH_REDIS_HOST ?? '127.0.0.1',
    port: Number(process.env.PLINTH_REDIS_PORT ?? 6379),
    send: 'PING\r\n',
    expect: (reply) => reply.startsWith('+PONG'),
    fix: 'start one (e.g. `redis-server --daemonize yes`) or point PLINTH_REDIS_HOST/PLINTH_REDIS_PORT at one',
  },
];

function probe(service, timeoutMs = 3000) {
  return new Promise((resolve) => {
    const socket = net.connect({ host: service.host, port: service.port });
    let reply = '';
    const done = (ok, why) => {
      socket.destroy();
      resolve({ ok, why });
    };
    socket.setTimeout(timeoutMs, () => done(false, `no answer within ${timeoutMs} ms`));
    socket.on('error', (error) => done(false, error.message));
    socket.on('connect', () => socket.write(service.send));
    socket.on('data', (chunk) => {
      reply += chunk.toString('utf8');
      if (reply.includes('\r\n'))
        done(service.expect(reply), `unexpected reply ${JSON.stringify(reply.trim())}`);
    });
  });
}

let failed = false;
for (const service of services) {
  const { ok, why } = await probe(service);
  if (ok) {
    console.log(`${service.name} answers at ${service.host}:${service.port}`);
  } else {
    failed = true;
    console.error(
      `${service.name} does not answer at ${service.host}:${service.port} (${why}); ${service.fix}`,
    );
  }
}
if (failed) process.exit(1);
