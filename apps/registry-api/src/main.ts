import { Logger } from '@nestjs/common';
import { ConfigError } from '@flr/application';
import { StoreLockedError } from '@flr/event-store';
import { startApp } from './bootstrap';

startApp()
  .then(async (app) => new Logger('Register').log(`Register listening on ${await app.getUrl()}`))
  .catch((error: unknown) => {
    // Configuration problems are the operator's to fix: say exactly what, then stop.
    console.error(error instanceof ConfigError || error instanceof StoreLockedError ? error.message : error);
    process.exit(1);
  });
