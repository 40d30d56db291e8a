import { RegisterDb } from '../register/register-db';
import { openRegisterForReading, type StoreLocation } from './register-store';

/** Reads the register at `location` into a private DuckDB database (see RegisterDb). */
export async function loadRegisterDb(location: StoreLocation): Promise<RegisterDb> {
  const store = await openRegisterForReading(location);
  try {
    return await RegisterDb.load(store);
  } finally {
    await store.close();
  }
}
