package io.cachectl.cli;

import io.cachectl.error.ExitCode;
import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * Prints the bash completion script: picocli's static script generated from the command model, then
 * a live layer that asks the hidden {@code cachectl __complete} (key names from the server, target
 * names, files, option values) and falls back to the static script when cachectl cannot run.
 * {@code scripts/gen-completions} writes it to completions/cachectl.bash; a test keeps that file current.
 */
@Command(name = "generate-completion", hidden = true, mixinStandardHelpOptions = true,
        description = "Print the bash/zsh completion script (source it, or see completions/).")
public final class GenerateCompletionCommand implements Callable<Integer> {
    static final String LIVE = """

            # ---- live completion ---------------------------------------------------------------------
            # Appended by cachectl's generate-completion. Asks 'cachectl __complete' for the words of the
            # line: commands, options (also --no-…), option values, target names (config file), file
            # names where a file is expected, and key names / patterns sampled from the server with SCAN
            # (never KEYS; gives up after 0.7 s, so a slow server completes nothing rather than hang).
            # Falls back to the static completion above when cachectl cannot run.
            _cachectl_live() {
              if [ -n "${ZSH_VERSION-}" ]; then
                # zsh (bashcompinit): completions/cachectl.zsh is the native live completion; here, the static one
                _complete_cachectl "$@"
                return
              fi
              local line="${COMP_LINE:0:COMP_POINT}"
              local -a words
              read -r -a words <<< "$line"
              [[ "$line" =~ [[:space:]]$ ]] && words+=("")
              local cur="${words[${#words[@]}-1]}"
              local out rc
              out=$("${words[0]}" __complete -- "${words[@]:1}" 2>/dev/null)
              rc=$?
              if (( rc != 0 )); then
                _complete_cachectl "$@"
                return
              fi
              local IFS=$'\\n'
              if [[ "$out" == __files__* ]]; then
                compopt -o filenames 2>/dev/null
                COMPREPLY=( $(compgen -f -- "$cur") )
                return 0
              fi
              COMPREPLY=( $out )
              # bash replaces only the part after the last word-break character (':' or '=')
              local i wb=""
              for (( i=${#cur}-1; i>=0; i-- )); do
                if [[ "$COMP_WORDBREAKS" == *"${cur:i:1}"* ]]; then
                  wb="${cur:0:i+1}"
                  break
                fi
              done
              if [[ -n "$wb" ]]; then
                COMPREPLY=( "${COMPREPLY[@]#"$wb"}" )
              fi
              return 0
            }
            complete -F _cachectl_live -o default cachectl cachectl.sh cachectl.bash
            """;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        String script = AutoComplete.bash(spec.root().name(), spec.root().commandLine());
        spec.commandLine().getOut().print(script + LIVE);
        spec.commandLine().getOut().flush();
        return ExitCode.OK;
    }
}
