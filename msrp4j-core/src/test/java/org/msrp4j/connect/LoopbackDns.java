package org.msrp4j.connect;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.msrp4j.testing.LoopbackSockets;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * An in-process DNS server on a free UDP port of 127.0.0.1 for {@link RelaySettings#dnsServer}: it
 * answers A queries for the names it is given and NXDOMAIN to everything else, and records each
 * question as {@code "name TYPE"} (the name without its final dot).
 */
final class LoopbackDns implements AutoCloseable {

    final List<String> questions = new CopyOnWriteArrayList<>();
    private final DatagramSocket socket;
    private final Map<String, InetAddress> addresses;

    LoopbackDns(Map<String, InetAddress> addresses) throws IOException {
        this.addresses = Map.copyOf(addresses);
        this.socket = new DatagramSocket(0, InetAddress.getByName(LoopbackSockets.V4));
        Thread.ofVirtual().name("loopback-dns").start(this::serve);
    }

    InetSocketAddress address() {
        return (InetSocketAddress) socket.getLocalSocketAddress();
    }

    private void serve() {
        byte[] buffer = new byte[4096];
        while (!socket.isClosed()) {
            try {
                DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
                socket.receive(packet);
                Message query = new Message(Arrays.copyOf(packet.getData(), packet.getLength()));
                byte[] answer = answer(query).toWire();
                socket.send(new DatagramPacket(answer, answer.length, packet.getSocketAddress()));
            } catch (IOException e) {
                return;
            }
        }
    }

    private Message answer(Message query) {
        Record question = query.getQuestion();
        String name = question.getName().toString(true);
        questions.add(name + " " + Type.string(question.getType()));
        Message response = new Message(query.getHeader().getID());
        response.getHeader().setFlag(Flags.QR);
        response.getHeader().setFlag(Flags.AA);
        response.addRecord(question, Section.QUESTION);
        InetAddress address = addresses.get(name);
        if (question.getType() == Type.A && address != null) {
            response.addRecord(new ARecord(question.getName(), DClass.IN, 60, address), Section.ANSWER);
        } else {
            response.getHeader().setRcode(Rcode.NXDOMAIN);
        }
        return response;
    }

    @Override
    public void close() {
        socket.close();
    }
}
