package io.cachectl.cli;

import static io.cachectl.testing.Cli.cli;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class VersionTest {

    @Test
    void version_names_the_release_the_git_commit_and_the_java_runtime() {
        String out = cli().run("--version").ok().out();
        // from classes (mvn test) the manifest is absent: "dev"; the commit comes from scripts/build-info
        assertThat(out).containsPattern("^cachectl \\S+ \\(commit ([0-9a-f]{7,}(-dirty)?|unknown)\\)\\R")
                .contains("Java " + System.getProperty("java.runtime.version"))
                .contains(" in " + System.getProperty("java.home"));
        assertThat(cli().run("stats", "--version").ok().out()).isEqualTo(out);
    }
}
