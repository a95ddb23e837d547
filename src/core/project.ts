/** The project's GitHub repository (`owner/name`): the one home of its address, from which every URL below is built. */
export const PROJECT_REPO = "neox-check/neox-check";

/** Where the project lives: rule docs, SARIF, `--help`. */
export const PROJECT_URL = `https://github.com/${PROJECT_REPO}`;

/** The project's documentation folder on its default branch. */
export const DOCS_URL = `${PROJECT_URL}/blob/main/docs/`;

/** Raw files of the default branch (what editors fetch the config schema from). */
export const RAW_URL = `https://raw.githubusercontent.com/${PROJECT_REPO}/main/`;
