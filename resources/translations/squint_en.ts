<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name>squint::ByteSpinBox</name>
    <message>
        <source> MB</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No limit</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>squint::Composer</name>
    <message>
        <source>“%1” holds %2 images; Squint added the first %3 (the limit per folder, set in Settings).</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>“%1” links back to folders already read (%n symlink loop(s)); each folder was read once.</source>
        <translation>
            <numerusform>“%1” links back to folders already read (%n symlink loop); each folder was read once.</numerusform>
            <numerusform>“%1” links back to folders already read (%n symlink loops); each folder was read once.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>“%1” has no images (%n other file(s) skipped).</source>
        <translation>
            <numerusform>“%1” has no images (%n other file skipped).</numerusform>
            <numerusform>“%1” has no images (%n other files skipped).</numerusform>
        </translation>
    </message>
    <message>
        <source>“%1” could not be fitted: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fitted to %1: the request is now %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fitted to %1, but it still does not fit: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reading the folder “%1”…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Squint can&apos;t download this link.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Squint takes files and http(s) links; “%1” is neither.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The clipboard holds no usable image.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pasted image %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Clipboard</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pasted image %1.%2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There are no images to fit.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 takes at most %2 images per request: Fit to Model makes images smaller, so remove %3 to send.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>“%1” can&apos;t be used: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>“%1” is already in the tray as “%2” (same content); it is sent once.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>squint::Evaluation</name>
    <message>
        <source>%1 × %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reading…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Can&apos;t use</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fitted</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fitted: %1 %2, %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ready</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ready (animated: models read the first frame)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Converts to %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Scales down</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Will be converted from %1 to %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Will be scaled down to %1 (the model takes at most %2 px a side)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Can&apos;t be prepared for this model: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Too large</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 as sent (base64), over the model&apos;s %2 per image: use Fit to Model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Images: %1 of %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Images: %1 (no known limit)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>about </source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Request: %1%2 of %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Request: %1%2 (no known limit)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Image tokens: about %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Reading %n image(s)…</source>
        <translation>
            <numerusform>Reading %n image…</numerusform>
            <numerusform>Reading %n images…</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 images, but %2 takes at most %3 per request: remove %4.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>“%1” is over the model&apos;s per-image limit: use Fit to Model or remove it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>An image can&apos;t be prepared for this model: remove it or choose another model.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Preparing images for %1…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The request is %1, but %2 takes at most %3: use Fit to Model or remove images.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Type a question or add images.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n image(s) can&apos;t be used and will be left out.</source>
        <translation>
            <numerusform>%n image can&apos;t be used and will be left out.</numerusform>
            <numerusform>%n images can&apos;t be used and will be left out.</numerusform>
        </translation>
    </message>
    <message>
        <source>“%1” is not in Squint&apos;s catalog: conservative limits apply.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>squint::ImageInfo</name>
    <message>
        <source>The HEIF/AVIF file can&apos;t be read: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The HEIF/AVIF image data is corrupt: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 × %2 pixels (%3 megapixels)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The image declares %1; Squint opens images of up to %2 megapixels.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The file is empty (0 bytes).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The file is %1, more than the %2 Squint reads as an image.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This is a %1 image, and this build of Squint has no %1 decoder (it was built without libheif).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The %1 data is damaged or in a variant Squint can&apos;t read.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This is not an image: it looks like %1 (%2).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The %1 header is damaged: it gives no valid pixel size.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The %1 file is truncated: its image data ends early.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The %1 image data is corrupt: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The image can&apos;t be decoded: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>squint::ImagePrep</name>
    <message>
        <source>%1 × %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Removed metadata, including the GPS position</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Removed metadata (EXIF, XMP, comments)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Squint could not encode the image as %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Scaled from %1 to %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Converted from %1 to %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Already fits; sent unchanged</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not make the image fit in %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Re-encoded as JPEG, quality %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Re-encoded at JPEG quality %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>squint::Intake</name>
    <message>
        <source>This is a folder, not an image.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This is not a regular file (it is a pipe, a socket or a device), so Squint does not read it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Squint can&apos;t read this file: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The file does not exist (any more).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The file is %1, more than the %2 Squint reads as an image.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Squint can&apos;t create its cache folder %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Squint can&apos;t save the image in its cache folder: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The pasted image is empty.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Squint can&apos;t read the original any more: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>squint::LimitsDialog</name>
    <message>
        <source>Model Limits</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Limits Squint checks for %1, where each figure comes from, and your overrides.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt;&lt;br&gt;%2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Squint checks these limits before anything is sent. The figures come from the model catalog; tick Override to use your own. Zero means no limit.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;Limit&lt;/b&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;Value&lt;/b&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;Override&lt;/b&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;Source&lt;/b&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Images per request</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>How many images one request may hold.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Request size</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The whole request body, images as base64 included.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Size per image</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>One image, measured as base64 (the stricter reading).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pixels per side</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Largest width or height an image may have.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fit to Model long edge</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The long edge Fit to Model scales images down to.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No limit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> px</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Override</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Override %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unknown</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Source of %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Accepted formats: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>With more than %1 images, at most %2 px per side.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reset to Catalog</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Untick every override; OK then saves the catalog&apos;s figures</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>[%1] %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>squint::MainWindow</name>
    <message>
        <source>Squint</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Model:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>About the model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Limits...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Model Limits</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>See the limits Squint checks for this model, their sources, and override them</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Conversation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The conversation with the model will appear here.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Drop images anywhere in this window, paste a screenshot, or use Add Images...

Then type your question below. The model&apos;s answers will appear here.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Why Send is unavailable</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Send</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Add Images...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add &amp;Folder...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Paste</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add the images or files on the clipboard to the tray</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Remove</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Clear All</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select &amp;All</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Images</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Fit to Model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Scale down and re-encode the images so the request fits the model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Model &amp;Limits...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;About Squint</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Squint does not know this model: conservative limits apply. Check them under Limits... if you know better.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing to send yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Send the prompt and images (Ctrl+Return)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ready to send</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Can&apos;t send yet: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sending arrives with the connection feature in a later version. Your images and prompt stay as they are.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The clipboard holds no images or files to add.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;h3&gt;Squint %1&lt;/h3&gt;&lt;p&gt;Drag images in and ask a vision model about them. Squint checks the images against the model&apos;s limits before anything is sent.&lt;/p&gt;&lt;p&gt;Built with Qt %2, running on Qt %3.&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>About Squint</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>squint::MessageBar</name>
    <message>
        <source>Messages</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Error</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Warning</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Information</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: %2</source>
        <extracomment>accessible name of a message: %1 is Error, Warning or Information, %2 the message</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dismiss</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dismiss Message</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>squint::MeterBar</name>
    <message>
        <source>Request Meters</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Image count</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Request size</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Estimated image tokens</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Notes on the request</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>squint::MeterWidget</name>
    <message>
        <source>no known limit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (no known limit)</source>
        <extracomment>%1 is a meter reading such as &quot;about 1,600 image tokens&quot;; no limit is documented for it</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 — over the limit</source>
        <extracomment>%1 is a meter reading such as &quot;6 of 5 images&quot;</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 — near the limit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Some figures are still estimates.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1
Some figures are estimates until every image is read and prepared.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No known limit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Over the limit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Near the limit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Within the limit</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>squint::ModelPicker</name>
    <message>
        <source>Model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The serving endpoint or model name. Type a name and press Enter, or pick one from the list.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Serving endpoint or model name: type any name and press Enter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Model name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Endpoint or model name</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>squint::PromptEdit</name>
    <message>
        <source>Prompt</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your question about the images. Press Ctrl+Return to send.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ask about your images... (Ctrl+Return to send)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>squint::TrayDelegate</name>
    <message>
        <source>Downloading... %1%</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reading...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 × %2 px</source>
        <extracomment>pixel size of an image, width x height</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 on disk</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>adds %1 to the request</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>about %Ln tokens</source>
        <translation>
            <numerusform>about %Ln tokens</numerusform>
            <numerusform>about %Ln tokens</numerusform>
        </translation>
    </message>
    <message>
        <source>Loading</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>squint::TrayModel</name>
    <message>
        <source>%1, %2 × %3 pixels, %4 on disk</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Adds %1 to the request, about %n image token(s)</source>
        <translation>
            <numerusform>Adds %1 to the request, about %n image token</numerusform>
            <numerusform>Adds %1 to the request, about %n image tokens</numerusform>
        </translation>
    </message>
    <message>
        <source>From: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1, %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reading…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Can&apos;t use</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>squint::TrayView</name>
    <message>
        <source>Image tray</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Images that go with the prompt. Drop or paste images here; Delete removes the selected ones.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Drop images here, paste a screenshot, or use Add Images...</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>squint::TrayWidget</name>
    <message>
        <source>Images</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add Images...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add Images</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose image files to add to the tray</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove Selected Images</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove the selected images from the tray (Delete)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Clear All</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Clear All Images</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove every image from the tray</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fit to Model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Scale down and re-encode the images so the request fits the chosen model. Your original files are not changed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tray summary</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Images (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add Folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No images</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n image(s)</source>
        <translation>
            <numerusform>%n image</numerusform>
            <numerusform>%n images</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1, %n selected</source>
        <translation>
            <numerusform>%1, %n selected</numerusform>
            <numerusform>%1, %n selected</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1 — working on %n image(s)...</source>
        <translation>
            <numerusform>%1 — working on %n image...</numerusform>
            <numerusform>%1 — working on %n images...</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>squint::UrlFetcher</name>
    <message>
        <source>No web address was given.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a valid web address.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 cannot be downloaded: only http and https links are supported.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The download of %1 was stopped.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 redirects to an invalid address.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 redirects to a &quot;%2:&quot; address, which Squint does not follow: only http and https links are supported.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 redirects from a secure https address to an insecure http one, which Squint does not follow.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 redirects too many times (more than %2); Squint gave up.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server answered %1 for %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The link %1 points to a web page, not an image.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is %2, larger than the %3 download limit.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is larger than the %2 download limit.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server sent no valid answer for %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The connection was interrupted before %1 was downloaded completely.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server sent no data for %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The download of %1 timed out after %2 s.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server refused the connection for %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server %1 could not be found.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No secure connection could be established for %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The network is not available, so %1 could not be downloaded.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The proxy failed while downloading %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 could not be downloaded.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 could not be downloaded: %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>squint::cli</name>
    <message>
        <source>no known limit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Shows the image limits Squint applies to a model or endpoint name.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Print JSON.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Endpoint or model name.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>usage: squint limits [--json] NAME</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: %2%3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> (not in the catalog: conservative limits)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>  formats:              %1 [%2]</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>  images per request:   %1 [%2]</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>  request size:         %1 [%2]</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>  per image (base64):   %1 [%2]</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>  pixels per side:      %1 [%2]</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>  above %1 images:      %2 px per side [%3]</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>  recommended long edge: %1 px [%2]</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Checks images against a model&apos;s limits, as the tray would, without sending anything.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>NAME</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Apply Fit to Model before checking.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Prompt text counted in the request size.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>TEXT</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Image files or folders.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>FILE...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>usage: squint check --model NAME [--fit] [--prompt TEXT] FILE...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show the image limits applied to a model or endpoint name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Check images against a model&apos;s limits without sending them</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>squint %1: this command is not part of Squint %2 yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ask vision models about your images.

Commands:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>
Run &quot;squint COMMAND --help&quot; for a command&apos;s options.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose the model or serving endpoint, e.g. databricks-claude-sonnet-4-5.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Images, folders or http(s) links to put in the tray.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>[FILE...]</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Run &quot;squint --help&quot; for usage.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
