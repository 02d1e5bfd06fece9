/** The README's screen sharing example, runnable: {@link org.msrp4j.screen.examples.ScreenExamplesTest}. */
package org.msrp4j.screen.examples;
