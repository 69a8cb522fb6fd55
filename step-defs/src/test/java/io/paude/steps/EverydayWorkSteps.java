package io.paude.steps;

import static org.assertj.core.api.Assertions.assertThat;

import io.cucumber.java.en.Then;
import io.paude.steps.support.Cmd;

/** Task 11: the limits do not get in the way of normal work. */
public class EverydayWorkSteps {
    private final World world;

    public EverydayWorkSteps(World world) {
        this.world = world;
    }

    @Then("the agent can init a git repository and commit to it")
    public void git() {
        Cmd.Result r = world.inAgent("mkdir proj && cd proj && git init -q && echo hi > a.txt && git add a.txt "
                + "&& git -c user.name=t -c user.email=t@example.com commit -qm first && git log --oneline | wc -l");
        assertThat(r.exit()).as("%s", r).isZero();
        assertThat(r.out().strip()).isEqualTo("1");
    }

    @Then("the agent can run node, npm and python")
    public void tools() {
        Cmd.Result r = world.inAgent("node -e 'console.log(6*7)' && npm --version && python3 -c 'print(6*7)'");
        assertThat(r.exit()).as("%s", r).isZero();
        assertThat(r.out().lines().toList()).hasSize(3).element(0).isEqualTo("42");
    }

    @Then("the agent can compile and run a small program")
    public void compile() {
        Cmd.Result r = world.inAgent("mkdir -p /tmp/prog && cd /tmp/prog && printf 'def f(n):\\n    return n * 2\\nprint(f(21))\\n' > m.py "
                + "&& python3 -m py_compile m.py && python3 __pycache__/m.*.pyc "
                + "&& npm init -y >/dev/null && npm pkg set scripts.build='node -e \"console.log(40+2)\"' && npm run -s build");
        assertThat(r.exit()).as("%s", r).isZero();
        assertThat(r.out().lines().toList()).containsExactly("42", "42");
    }

    @Then("the agent can create and list {int} files")
    public void manyFiles(int n) {
        Cmd.Result r = world.inAgent("mkdir many && seq " + n + " | xargs -P 8 -I{} sh -c 'echo {} > many/f{}' && ls many | wc -l");
        assertThat(r.exit()).as("%s", r).isZero();
        assertThat(r.out().strip()).isEqualTo(String.valueOf(n));
    }
}
