import type { Context } from "probot";
import { codeSpan, parseCommand, type Command } from "../commands.js";
import { httpStatusOf } from "../errors.js";
import { canRunCommands } from "../permission.js";
import { renderExplainReply, renderHelp } from "../render.js";
import { runCheck, runContextOf } from "../run-check.js";
import type { AppState } from "../state.js";

/**
 * `/neox-check` in a PR comment. Bots (this App included) and comments on issues are ignored; only
 * people with write access or above may run commands. Anyone else gets one short reply per PR, and a
 * 👎 reaction on later attempts (a reply notifies every subscriber of the PR; a reaction does not).
 * When GitHub does not say (the permission lookup fails), the command is refused the same way, with
 * the reason, never dropped without a word.
 */
export async function onIssueComment(context: Context<"issue_comment">, state: AppState): Promise<void> {
  const { payload } = context;
  if (payload.action !== "created") return;
  if (!payload.issue.pull_request) return;
  if (payload.sender.type === "Bot" || payload.comment.user?.type === "Bot") return;
  const command = parseCommand(payload.comment.body);
  if (command === null) return;

  const repo = context.repo();
  const login = payload.comment.user?.login ?? payload.sender.login;
  let allowed: boolean;
  let why = `only people with write access to this repository can run \`/neox-check\`.`;
  try {
    allowed = await canRunCommands(context.octokit, repo, login);
  } catch (error) {
    const status = httpStatusOf(error);
    context.log.warn({ status, login }, "could not look up the commenter's permission");
    allowed = false;
    why = `neox-check could not check your permission on this repository (GitHub answered ${status ?? "with an error"}), so \`/neox-check\` did not run. Try again later, or push a commit.`;
  }
  if (!allowed) {
    await refuse(context, state, login, why);
    return;
  }
  await execute(context, state, command);
}

/** One reply per user and PR; later refusals get a reaction only. */
async function refuse(
  context: Context<"issue_comment">,
  state: AppState,
  login: string,
  why: string,
): Promise<void> {
  const { owner, repo } = context.repo();
  const key = `${owner}/${repo}#${context.payload.issue.number}@${login.toLowerCase()}`;
  if (state.refusedReplies.has(key)) {
    await react(context, "-1");
    return;
  }
  state.refusedReplies.set(key, true);
  await reply(context, `@${login} ${why}`);
}

/** A reaction on the command's comment; its failure never stops what the command does. */
async function react(context: Context<"issue_comment">, content: "eyes" | "-1"): Promise<void> {
  try {
    await context.octokit.rest.reactions.createForIssueComment({
      ...context.repo(),
      comment_id: context.payload.comment.id,
      content,
    });
  } catch (error) {
    context.log.warn({ status: httpStatusOf(error), content }, "could not react to the command");
  }
}

async function execute(context: Context<"issue_comment">, state: AppState, command: Command): Promise<void> {
  switch (command.kind) {
    case "run": {
      await react(context, "eyes");
      const { data: pull } = await context.octokit.rest.pulls.get(
        context.repo({ pull_number: context.payload.issue.number }),
      );
      if (pull.state !== "open") {
        await reply(context, "This pull request is closed, so neox-check does not check it.");
        return;
      }
      await runCheck(runContextOf(context), state, pull);
      return;
    }
    case "help":
      await reply(context, renderHelp());
      return;
    case "explain":
      await reply(context, renderExplainReply(command.ruleId));
      return;
    case "unknown":
      await reply(context, `Unknown command ${codeSpan(command.word)}.\n\n${renderHelp()}`);
      return;
  }
}

async function reply(context: Context<"issue_comment">, body: string): Promise<void> {
  await context.octokit.rest.issues.createComment(context.issue({ body }));
}
