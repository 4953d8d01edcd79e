import type * as LocalAwsModule from './index';

/**
 * The embedded local AWS, loaded when first asked for: in AWS mode the API never loads dynalite
 * and the emulators, which cost about 80 ms and 17 MB at start.
 */
export function loadLocalAws(): typeof LocalAwsModule {
  return require('./index') as typeof LocalAwsModule;
}
