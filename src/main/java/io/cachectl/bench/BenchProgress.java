package io.cachectl.bench;

import io.cachectl.output.Progress;
import io.cachectl.output.Units;

/** Shows a bench run on the progress bar: the phase, then requests done, current rps and hit rate. */
public final class BenchProgress implements BenchService.Listener {
    private final Progress progress;
    private long shown;

    public BenchProgress(Progress progress) {
        this.progress = progress;
    }

    @Override
    public void phase(String what) {
        progress.extra(what);
    }

    @Override
    public void second(BenchReport.Second s, long soFar) {
        progress.step(soFar - shown);
        shown = soFar;
        progress.extra(Units.count(Math.round(s.rps())) + " rps"
                + (s.hitRate() == null ? "" : " · hit rate " + Units.pct(s.hitRate())));
    }
}
