"""Real-browser tests (JupyterLab in headless Chromium); a package so that its
server and browser live only while these tests run (``scope="package"``)."""
