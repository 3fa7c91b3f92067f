/**
 * Terminal commands of the dns work (registered in dispatch.ts): the files the resolver reads
 * and the DNS tools, all from engine state — every query is a datagram walked through the
 * datapath. ping, tracepath, traceroute and curl resolve names through the same engine
 * (resolve.ts) and stay registered in dispatch.ts.
 */
import { catCommand } from './cat';
import { digCommand } from './dig';
import { getentCommand } from './getent';
import { nslookupCommand } from './nslookup';
import type { CommandGroup } from './registry';

export const DNS_COMMANDS: CommandGroup = {
  cat: {
    run: catCommand,
    usage: 'cat /etc/resolv.conf | /etc/hosts',
    what: 'the resolver configuration and the hosts file (other files are not modelled)',
    words: ['/etc/resolv.conf', '/etc/hosts'],
  },
  dig: {
    run: digCommand,
    usage: 'dig [@SERVER] [-x ADDR] NAME [A|AAAA|SRV|PTR|TXT|CNAME|SOA|NS] [+short] [+search] [+noall +answer]',
    what: 'one DNS question to one server, as bind9 9.18 dig prints it (sends packets)',
    words: ['+short', '+search', '+noall', '+answer', '+nocookie', '+tries=', '+timeout=', '-x', 'A', 'AAAA', 'SRV', 'PTR', 'TXT', 'CNAME', 'SOA', 'NS'],
  },
  nslookup: {
    run: nslookupCommand,
    usage: 'nslookup [-type=T] NAME [SERVER]',
    what: "a lookup with the search list, as bind9's nslookup (dnsutils image) prints it (sends packets)",
    words: ['-type=', '-timeout=', '-retry='],
  },
  getent: {
    run: getentCommand,
    usage: 'getent hosts|ahosts|ahostsv4 NAME…',
    what: 'a name through NSS (files, then dns), as glibc getent prints it (sends packets)',
    words: ['hosts', 'ahosts', 'ahostsv4'],
  },
};
