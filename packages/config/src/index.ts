export { parseEnv, loadEnv, ConfigError } from "./parse-env.js";
export { envInt, envNumber, envBool, envPort, envList } from "./fields.js";
