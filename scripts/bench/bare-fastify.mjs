// The physical reference for `npm run bench`: a bare Fastify hello-world, nothing else.
import Fastify from 'fastify';

const app = Fastify({ logger: false });
// The async handler form, as in the app's routes, so the reference pays the same cost.
// eslint-disable-next-line @typescript-eslint/require-await
app.get('/', async () => ({ hello: 'world' }));
await app.listen({ port: Number(process.argv[2]), host: '127.0.0.1' });
process.send?.('ready');
