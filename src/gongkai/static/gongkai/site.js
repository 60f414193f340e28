// Marks that scripts run, before the page is drawn: the phone menu then collapses behind its button
// (site.css shows it open when they don't). Loaded in <head>, not inline: the CSP allows no inline script.
document.documentElement.classList.add("js");
