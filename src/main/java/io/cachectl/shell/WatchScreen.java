package io.cachectl.shell;

import io.cachectl.connect.Node;
import io.cachectl.connect.Target;
import io.cachectl.error.CachectlException;
import io.cachectl.output.Console;
import io.cachectl.output.Units;
import io.cachectl.stats.StatsReport;
import io.cachectl.stats.StatsService;
import io.cachectl.slo.Verdicts;
import io.cachectl.slo.Thresholds;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.jline.terminal.Attributes;
import org.jline.terminal.Size;
import org.jline.terminal.Terminal;
import org.jline.utils.AttributedString;
import org.jline.utils.Display;
import org.jline.utils.InfoCmp;

/**
 * Runs {@code watch}: samples with {@link StatsService} every interval and draws a {@link WatchPanel}.
 * On a capable terminal the panel is full-screen (alternate screen, redrawn in place with JLine's
 * Display) and q, Esc or Ctrl-C leaves; on a dumb terminal or piped output each refresh is printed
 * below the previous one and Ctrl-C (or --repeat) ends it.
 */
final class WatchScreen {
    private final Target target;
    private final Console console;
    private final Terminal terminal;

    WatchScreen(Target target, Console console, Terminal terminal) {
        this.target = target;
        this.console = console;
        this.terminal = terminal;
    }

    /** Returns whether any target FAILed at the last refresh. */
    boolean run(Duration every, Integer count) {
        StatsService service = new StatsService(target, Thresholds.GUIDE, io.cachectl.effect.Ledger.open(console.env()));
        WatchPanel panel = new WatchPanel(120);
        String label = Units.duration(every);
        boolean full = terminal != null && !terminal.getType().startsWith(Terminal.TYPE_DUMB)
                && console.terminals().out();
        Attributes saved = null;
        Display display = null;
        if (full) {
            saved = terminal.enterRawMode();
            terminal.puts(InfoCmp.Capability.enter_ca_mode);
            terminal.puts(InfoCmp.Capability.cursor_invisible);
            terminal.puts(InfoCmp.Capability.clear_screen);
            terminal.flush();
            display = new Display(terminal, true);
        }
        boolean failed = false;
        try {
            Map<Node, StatsService.NodeSample> prev = service.sample(20);
            StatsReport report = service.report(prev);
            draw(panel.update(report, label, width(), console.style()), display);
            for (int i = 0; count == null || i < count; i++) {
                if (!waitFor(every, full)) {
                    break;
                }
                Map<Node, StatsService.NodeSample> now = service.sample(20);
                report = service.report(prev, now);
                prev = now;
                failed = Verdicts.anyFailed(report.targets());
                draw(panel.update(report, label, width(), console.style()), display);
            }
        } catch (CachectlException e) {
            if (e.exitCode() != 130) {
                throw e;
            }
        } finally {
            if (full) {
                terminal.puts(InfoCmp.Capability.exit_ca_mode);
                terminal.puts(InfoCmp.Capability.cursor_visible);
                terminal.setAttributes(saved);
                terminal.flush();
            }
        }
        return failed;
    }

    private int width() {
        if (terminal == null) {
            return 100;
        }
        int w = terminal.getWidth();
        return w <= 0 ? 100 : w;
    }

    private void draw(List<String> lines, Display display) {
        if (display == null) {
            lines.forEach(console::println);
            console.println("");
            return;
        }
        Size size = terminal.getSize();
        display.resize(Math.max(1, size.getRows()), Math.max(1, size.getColumns()));
        int width = Math.max(1, size.getColumns() - 1);
        display.update(lines.stream().map(AttributedString::fromAnsi)
                .map(a -> a.columnLength() > width ? a.columnSubSequence(0, width) : a).toList(), 0);
        terminal.flush();
    }

    /** Waits one interval; false when the user asked to leave (q, Esc, Ctrl-C) or the thread was interrupted. */
    private boolean waitFor(Duration every, boolean keys) {
        long end = System.nanoTime() + every.toNanos();
        try {
            while (System.nanoTime() < end) {
                if (Thread.currentThread().isInterrupted()) {
                    return false;
                }
                if (keys) {
                    int c = terminal.reader().read(100);
                    if (c == 'q' || c == 'Q' || c == 3 || c == 27) {
                        return false;
                    }
                    if (c == -1) { // end of input
                        return false;
                    }
                } else {
                    Thread.sleep(Math.min(100, Math.max(1, (end - System.nanoTime()) / 1_000_000)));
                }
            }
            return true;
        } catch (InterruptedException | InterruptedIOException e) {
            return false;
        } catch (IOException e) {
            return false;
        }
    }
}
