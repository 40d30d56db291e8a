import { Module } from '@nestjs/common';
import {
  APP_CONFIG,
  type AppConfig,
  CommandProcessorLifecycle,
  commandProcessorProvider,
  COMMAND_HANDLERS,
} from '@flr/application';
import { parseRegisterRules } from '@flr/domain';
import { configureDateChecks, configureNinPolicy } from '../infrastructure/validation';
import { ContractsCommandController } from './contracts.controller';
import { PersonsCommandController } from './persons.controller';
import { RegisterCommandController } from './register.controller';

/**
 * §1.3/§1.5: the NIN validators follow the register's rule settings (synthetic numbers, 2032 rule), and
 * the date checks the scheme start and the advance notice for moves.
 */
const ninPolicyProvider = {
  provide: 'FLR_NIN_POLICY',
  useFactory: (config: AppConfig) => {
    const rules = parseRegisterRules(config.ruleSettings);
    const policy = { allowSynthetic: rules.allowSyntheticNins, rule2032: rules.nin2032 };
    configureNinPolicy(policy);
    configureDateChecks({ schemeStart: rules.schemeStart, advanceNoticeDays: rules.advanceNoticeDays });
    return policy;
  },
  inject: [APP_CONFIG],
};

/** The write side: controllers -> CommandBus -> the single-writer command processor. */
@Module({
  controllers: [PersonsCommandController, ContractsCommandController, RegisterCommandController],
  providers: [ninPolicyProvider, commandProcessorProvider, ...COMMAND_HANDLERS, CommandProcessorLifecycle],
  exports: [commandProcessorProvider],
})
export class CommandsModule {}
