// Bundle entry of the language server (out/bundle/server.js): `node server.js --stdio` or `--node-ipc`.
import { runNodeServer } from './nodeServer';

runNodeServer();
