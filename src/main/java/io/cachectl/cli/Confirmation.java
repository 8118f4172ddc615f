package io.cachectl.cli;

import io.cachectl.error.CachectlException;
import io.cachectl.output.Console;
import java.util.function.Function;

/**
 * The one confirmation gate of the commands that delete, overwrite or load a server (invalidate,
 * warm, bench). No question is due with {@code --yes}, with {@code --dry-run}, or for a run that can
 * do no harm (warm {@code --nx}); otherwise the user is asked on a terminal, and when nobody can
 * answer — not on a terminal, or stdin carries the command's data — the command stops with exit 2
 * before it reads or writes anything.
 */
final class Confirmation {
    private final Console console;
    private final boolean due;
    private final String stdinHolds;

    private Confirmation(Console console, boolean due, String stdinHolds) {
        this.console = console;
        this.due = due;
        this.stdinHolds = stdinHolds;
    }

    /** A question is due unless {@code yes} or {@code dryRun}. */
    static Confirmation of(Console console, boolean yes, boolean dryRun) {
        return new Confirmation(console, !yes && !dryRun, null);
    }

    /** No question for a run that cannot do harm (e.g. warm --nx never overwrites). */
    Confirmation unlessHarmless(boolean harmless) {
        return new Confirmation(console, due && !harmless, stdinHolds);
    }

    /** When {@code reading} is true, stdin carries {@code what} (e.g. "the key list") and cannot carry an answer. */
    Confirmation stdinHolds(boolean reading, String what) {
        return new Confirmation(console, due, reading ? what : stdinHolds);
    }

    /** Whether the user has to be asked (no --yes, no --dry-run, not harmless). */
    boolean due() {
        return due;
    }

    /** Why nobody can answer a question ("not on a terminal", "stdin holds …"), or null when someone can. */
    String unanswerable() {
        if (stdinHolds != null) {
            return "stdin holds " + stdinHolds;
        }
        return console.interactive() ? null : "not on a terminal";
    }

    /**
     * Exit 2 now, before anything is read or written, when a question is due and nobody can answer it;
     * {@code message} turns the reason into the error line.
     */
    Confirmation requireAnswerable(Function<String, String> message) {
        String why = due ? unanswerable() : null;
        if (why != null) {
            throw CachectlException.usage(message.apply(why));
        }
        return this;
    }

    /** True when no question is due or the user answered yes; false when declined or nobody can answer. */
    boolean granted(String question) {
        return !due || unanswerable() == null && console.confirm(question);
    }
}
