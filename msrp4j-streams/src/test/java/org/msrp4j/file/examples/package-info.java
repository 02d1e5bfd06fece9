/** The README's file transfer examples, runnable: {@link org.msrp4j.file.examples.FileExamplesTest} runs them. */
package org.msrp4j.file.examples;
