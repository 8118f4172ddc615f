package io.cachectl.input;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/** "Did you mean": names close to what was typed, closest first (Damerau-Levenshtein distance). */
public final class Suggest {
    private Suggest() {
    }

    /** Up to {@code max} of {@code names} within a typo's reach of {@code typed}, closest first. */
    public static List<String> closest(String typed, Collection<String> names, int max) {
        String t = typed.toLowerCase(java.util.Locale.ROOT);
        int reach = Math.max(2, t.length() / 3);
        return names.stream()
                .map(n -> new Object[] {n, distance(t, n.toLowerCase(java.util.Locale.ROOT))})
                .filter(x -> (int) x[1] <= reach || ((String) x[0]).toLowerCase(java.util.Locale.ROOT).startsWith(t))
                .sorted(Comparator.<Object[]>comparingInt(x -> (int) x[1]).thenComparing(x -> (String) x[0]))
                .limit(max).map(x -> (String) x[0]).toList();
    }

    /** Edits (insert, delete, substitute, swap of neighbours) turning {@code a} into {@code b}. */
    public static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
