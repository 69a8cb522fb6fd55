package io.paude.plan;

import java.util.random.RandomGenerator;

/**
 * The /28 of a session's internal network: .1 is the gateway, .2 the agent, .3 the proxy.
 * Chosen at random inside 10.213.0.0/16 and retried on overlap, so concurrent sessions do not collide.
 */
public record Subnet(int thirdOctet, int block) {
    public Subnet {
        if (thirdOctet < 0 || thirdOctet > 255 || block < 0 || block > 15) {
            throw new IllegalArgumentException("subnet out of range");
        }
    }

    public static Subnet random(RandomGenerator random) {
        return new Subnet(random.nextInt(256), random.nextInt(16));
    }

    private String host(int n) {
        return "10.213." + thirdOctet + "." + (block * 16 + n);
    }

    public String cidr() {
        return host(0) + "/28";
    }

    public String gateway() {
        return host(1);
    }

    public String agentIp() {
        return host(2);
    }

    public String proxyIp() {
        return host(3);
    }
}
