import 'reflect-metadata';
import { Test } from '@nestjs/testing';
import { AppModule } from './app.module';

describe('health', () => {
  it('answers ok', async () => {
    const mod = await Test.createTestingModule({ imports: [AppModule] }).compile();
    const app = mod.createNestApplication();
    await app.listen(0, '127.0.0.1');
    const url = await app.getUrl();
    const res = await fetch(`${url}/health`);
    expect(await res.json()).toEqual({ status: 'ok' });
    await app.close();
  });
});
