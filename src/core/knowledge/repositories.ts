/** The repository `assume.deeperspeed` refers to (the DeepSpeed fork GPT-NeoX pins), `owner/name`. */
export const DEEPERSPEED_REPO = "EleutherAI/DeeperSpeed";
