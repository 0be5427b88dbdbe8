package dev.wvo.git;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The optional remote of {@code worktree.push_to}: a queued task branch is pushed there, and the
 * first time it appears there its pull request is opened by the configured command
 * ({@code worktree.pull_request}), based on the target or, for a stacked task, on the branch below
 * it. A branch that is rebased or restacked later is pushed again ({@code --force-with-lease}: a
 * branch someone else pushed to since is never overwritten), so that its request shows what lands.
 * Nothing here decides whether a task is done: a push or a request that fails is reported, and the
 * branch still waits in the local queue.
 */
final class BranchPublisher {

    /**
     * A worker has no one at its terminal to type a password: git (and gh) fail at once instead of
     * asking, and the failure is reported.
     */
    private static final Map<String, String> NO_PROMPTS = Map.of("GIT_TERMINAL_PROMPT", "0", "GH_PROMPT_DISABLED", "1");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{[a-z]+}");

    private final TaskWorktrees worktrees;
    private final String remote;
    private final Optional<List<String>> pullRequest;

    BranchPublisher(TaskWorktrees worktrees, String remote, Optional<List<String>> pullRequest) {
        this.worktrees = worktrees;
        this.remote = remote;
        this.pullRequest = pullRequest;
    }

    /**
     * What a request is about.
     *
     * @param task  the task id
     * @param base  the branch the request asks to merge into
     * @param title its title
     * @param body  the file holding its description
     */
    record Request(String task, String base, String title, java.nio.file.Path body) {
    }

    /**
     * Pushes {@code commit} as {@code branch}, and opens the request when the remote did not have the branch.
     *
     * @param request the request to open for a new branch, or null for a push only
     * @return what happened, for the {@code push} event: {@code error} set when something failed
     */
    Map<String, Object> publish(String branch, String commit, Request request) {
        Map<String, Object> what = new LinkedHashMap<>();
        what.put("remote", remote);
        what.put("branch", branch);
        what.put("commit", commit);
        GitProcess.Result known = git("ls-remote", "--heads", remote, "refs/heads/" + branch);
        if (!known.ok()) {
            what.put("error", "cannot reach remote " + remote + ": " + known.output().strip());
            return what;
        }
        boolean isNew = known.output().isBlank();
        GitProcess.Result push = git("push", "--porcelain", "--force-with-lease", remote, commit + ":refs/heads/" + branch);
        if (!push.ok()) {
            what.put("error", "git push to " + remote + " failed: " + push.output().strip());
            return what;
        }
        if (!isNew || request == null || pullRequest.isEmpty()) {
            return what;
        }
        List<String> argv = argv(pullRequest.get(), branch, request);
        GitProcess.Result opened = GitProcess.exec(worktrees.repoDir(), argv, NO_PROMPTS);
        what.put("pull_request_base", request.base());
        if (!opened.ok()) {
            what.put("error", "the pull request command " + argv + " exited with " + opened.exitCode() + ": "
                    + opened.output().strip());
            return what;
        }
        what.put("pull_request", opened.output().strip());
        return what;
    }

    private GitProcess.Result git(String... args) {
        List<String> argv = new ArrayList<>(List.of("git"));
        argv.addAll(List.of(args));
        return GitProcess.exec(worktrees.repoDir(), argv, NO_PROMPTS);
    }

    /** The command's words with the placeholders replaced: each stays one argv word, whatever it holds. */
    private List<String> argv(List<String> template, String branch, Request request) {
        Map<String, String> values = Map.of("{base}", request.base(), "{branch}", branch, "{title}", request.title(),
                "{body}", request.body().toString(), "{task}", request.task(), "{remote}", remote);
        List<String> argv = new ArrayList<>();
        for (String word : template) {
            // one pass: a title holding "{branch}" stays as written
            argv.add(PLACEHOLDER.matcher(word).replaceAll(m -> Matcher.quoteReplacement(
                    values.getOrDefault(m.group(), m.group()))));
        }
        return argv;
    }
}
