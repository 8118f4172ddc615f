package io.cachectl.scan;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** Key helpers: a printable form of binary keys, and Redis-style glob matching. */
public final class Keys {
    private Keys() {
    }

    /**
     * The key as text: valid UTF-8 without control characters is shown as is; anything else with
     * each non-printable byte as {@code \xNN} (and backslash as {@code \\}), like redis-cli.
     */
    public static String display(byte[] key) {
        boolean plain = true;
        boolean ascii = true;
        for (byte b : key) {
            if (b >= 0 && (b < 0x20 || b == 0x7f || b == '\\')) {
                plain = false;
                break;
            }
            ascii &= b >= 0;
        }
        if (plain && ascii) {
            return new String(key, StandardCharsets.ISO_8859_1); // the common case, and the fastest
        }
        if (plain) {
            try {
                return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(key)).toString();
            } catch (CharacterCodingException e) {
                // falls through to the escaped form
            }
        }
        StringBuilder sb = new StringBuilder(key.length + 8);
        for (byte b : key) {
            int c = b & 0xff;
            if (c == '\\') {
                sb.append("\\\\");
            } else if (c >= 0x20 && c < 0x7f) {
                sb.append((char) c);
            } else {
                sb.append(String.format("\\x%02x", c));
            }
        }
        return sb.toString();
    }

    /** Redis glob semantics ({@code * ? [abc] [^a] [a-z] \x}), on text. */
    public static boolean globMatch(String pattern, String text) {
        return match(pattern, 0, text, 0);
    }

    private static boolean match(String p, int pi, String s, int si) {
        while (pi < p.length()) {
            char c = p.charAt(pi);
            switch (c) {
                case '*' -> {
                    while (pi + 1 < p.length() && p.charAt(pi + 1) == '*') {
                        pi++;
                    }
                    if (pi + 1 == p.length()) {
                        return true;
                    }
                    for (int k = si; k <= s.length(); k++) {
                        if (match(p, pi + 1, s, k)) {
                            return true;
                        }
                    }
                    return false;
                }
                case '?' -> {
                    if (si >= s.length()) {
                        return false;
                    }
                    si++;
                    pi++;
                }
                case '[' -> {
                    if (si >= s.length()) {
                        return false;
                    }
                    int end = pi + 1;
                    boolean not = end < p.length() && p.charAt(end) == '^';
                    if (not) {
                        end++;
                    }
                    boolean hit = false;
                    char ch = s.charAt(si);
                    while (end < p.length() && p.charAt(end) != ']') {
                        if (p.charAt(end) == '\\' && end + 1 < p.length()) {
                            end++;
                            hit |= p.charAt(end) == ch;
                        } else if (end + 2 < p.length() && p.charAt(end + 1) == '-' && p.charAt(end + 2) != ']') {
                            char lo = p.charAt(end);
                            char hi = p.charAt(end + 2);
                            hit |= ch >= Math.min(lo, hi) && ch <= Math.max(lo, hi);
                            end += 2;
                        } else {
                            hit |= p.charAt(end) == ch;
                        }
                        end++;
                    }
                    if (hit == not) {
                        return false;
                    }
                    pi = end + 1;
                    si++;
                }
                case '\\' -> {
                    if (pi + 1 < p.length()) {
                        pi++;
                    }
                    if (si >= s.length() || p.charAt(pi) != s.charAt(si)) {
                        return false;
                    }
                    pi++;
                    si++;
                }
                default -> {
                    if (si >= s.length() || c != s.charAt(si)) {
                        return false;
                    }
                    pi++;
                    si++;
                }
            }
        }
        return si == s.length();
    }
}
