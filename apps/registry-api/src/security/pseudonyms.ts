import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig, PseudonymKeys } from '@flr/application';

export { PSEUDONYM } from '@flr/application';

/** The register's pseudonym keys (libs/application read-audit) as the API's injectable. */
@Injectable()
export class Pseudonyms extends PseudonymKeys {
  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    super(config);
  }
}
