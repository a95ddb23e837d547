/**
 * `npm start`: Probot's server with its standard environment (APP_ID, PRIVATE_KEY or PRIVATE_KEY_PATH,
 * WEBHOOK_SECRET, PORT, HOST, LOG_LEVEL, GHE_HOST, GHE_PROTOCOL, REDIS_URL, ...; see .env.example).
 * Without APP_ID and a private key, Probot serves its setup page, which registers the App from app.yml.
 */
import { run } from "probot";
import app from "./app.js";
import { octokitClassFor } from "./octokit-class.js";

await run(app, { Octokit: octokitClassFor(process.env) });
