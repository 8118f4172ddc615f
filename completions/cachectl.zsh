# zsh completion for cachectl:
#   source /path/to/cachectl/completions/cachectl.zsh   (in ~/.zshrc)
# Native zsh completion through the hidden 'cachectl __complete': commands, options (also --no-…),
# option values, target names (config file), file names where a file is expected, and key names /
# patterns sampled from the server with SCAN (never KEYS; it gives up after 0.7 s). The static bash
# script, through bash-completion compatibility, is the fallback when cachectl cannot run.
autoload -U +X compinit && compinit
autoload -U +X bashcompinit && bashcompinit
source "${0:A:h}/cachectl.bash"

_cachectl_zsh() {
  local raw
  raw=$("${words[1]}" __complete -- "${(@)words[2,CURRENT]}" 2>/dev/null) || {
    _bash_complete -F _complete_cachectl
    return
  }
  local -a out
  out=("${(@f)raw}")
  if [[ "${out[1]}" == __files__ ]]; then
    _files
    return
  fi
  [[ -n "$raw" ]] || return 1
  compadd -Q -- "${out[@]}"
}
compdef _cachectl_zsh cachectl
