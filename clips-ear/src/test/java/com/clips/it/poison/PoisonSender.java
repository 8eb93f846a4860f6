package com.clips.it.poison;

import jakarta.annotation.Resource;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSContext;
import jakarta.jms.Queue;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * Test-only deployment (never part of the EAR): puts a message the application would never send
 * on clips.processing, the way a buggy or hostile producer on the same broker could.
 * POST /dlq-poison/send?tenant=... with the text body; ?bytes=true sends a BytesMessage instead.
 */
@WebServlet("/send")
public class PoisonSender extends HttpServlet {

    @Resource(lookup = "java:/jms/queue/clips.processing")
    Queue processing;

    @Resource(lookup = "java:/ConnectionFactory")
    ConnectionFactory connections;

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        var body = new String(request.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        try (JMSContext jms = connections.createContext()) {
            var producer = jms.createProducer().setProperty("tenant", request.getParameter("tenant"));
            if (Boolean.parseBoolean(request.getParameter("bytes"))) {
                producer.send(processing, body.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            } else {
                producer.send(processing, body);
            }
        }
        response.setStatus(204);
    }
}
