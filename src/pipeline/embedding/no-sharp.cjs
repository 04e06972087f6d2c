// Stands in for `sharp` in the bundles (scripts/build.mjs aliases it here). transformers.js imports sharp for image
// models and refuses to load without a truthy export; this extension embeds text only, so shipping sharp's native
// libvips (and one build per platform) would buy nothing. If image code is ever reached it fails with this message
// instead of a crash at load time.
'use strict';
function sharp() {
  throw new Error('Image input is not supported: Literature Map embeds text only (sharp is not included).');
}
module.exports = sharp;
