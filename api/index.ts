// The HTTP side: the JSON API, the read-only Kubernetes facade at past instants, and the viewer.
export { type ApiApp, type CreateAppOptions, createApp } from './createApp.ts';
export { type ServerThreadEvents, type ServerThreadOptions, startServerThread } from './serverThread.ts';
export { type ServerHandle, type StartServerOptions, startServer } from './startServer.ts';
