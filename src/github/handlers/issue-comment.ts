import type { Context } from "probot";
import { codeSpan, parseCommand, type Command } from "../commands.js";
import { canRunCommands } from "../permission.js";
import { renderExplainReply, renderHelp } from "../render.js";
import { runCheck, runContextOf } from "../run-check.js";
import type { AppState } from "../state.js";

/**
 * `/neox-check` in a PR comment. Bots (this App included) and comments on issues are ignored; only
 * people with write access or above may run commands, anyone else gets one short reply.
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
  if (!(await canRunCommands(context.octokit, repo, login))) {
    await reply(
      context,
      `@${login} only people with write access to this repository can run \`/neox-check\`.`,
    );
    return;
  }
  await execute(context, state, command);
}

async function execute(context: Context<"issue_comment">, state: AppState, command: Command): Promise<void> {
  switch (command.kind) {
    case "run": {
      await context.octokit.rest.reactions.createForIssueComment({
        ...context.repo(),
        comment_id: context.payload.comment.id,
        content: "eyes",
      });
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
