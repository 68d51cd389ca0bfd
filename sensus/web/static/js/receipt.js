// @ts-check
// The receipt page's one action: print it (the print stylesheet keeps only the proof).
document.getElementById("print").addEventListener("click", () => window.print());
