import { loadModelFile, TenantModelError, type TenantModel } from '../catalog/index.js';
import { ConfigError } from '../config.js';

/** The model in the file a variable names; an unreadable or invalid file is a configuration problem naming the variable. */
export function modelFromVariable(variable: string, path: string): TenantModel {
  try {
    return loadModelFile(path);
  } catch (error) {
    if (error instanceof TenantModelError) throw new ConfigError([`${variable}: ${error.message}`]);
    throw error;
  }
}
