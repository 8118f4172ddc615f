# zsh completion for cachectl, through bash-completion compatibility:
#   source /path/to/cachectl/completions/cachectl.zsh   (in ~/.zshrc)
autoload -U +X compinit && compinit
autoload -U +X bashcompinit && bashcompinit
source "${0:A:h}/cachectl.bash"
