/** Where the project lives: the one home of its URLs (rule docs, SARIF, `--help`). */
export const PROJECT_URL = "https://github.com/neox-check/neox-check";

/** The project's documentation folder on its default branch. */
export const DOCS_URL = `${PROJECT_URL}/blob/main/docs/`;
