<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name>squint::AppController</name>
    <message numerus="yes">
        <source>Asked about %n image(s) as Image 1 to Image %n, in the order of the comparison.</source>
        <translation>
            <numerusform>Asked about %n image as Image 1 to Image %n, in the order of the comparison.</numerusform>
            <numerusform>Asked about %n images as Image 1 to Image %n, in the order of the comparison.</numerusform>
        </translation>
    </message>
    <message>
        <source>Add 2 to 4 images to the tray to compare them side by side.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The tray holds %1 images: select the 2 to 4 to compare side by side.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 images are selected: select 2 to 4 to compare them side by side.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Wait until the images have loaded, then compare them side by side.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add another image to the tray: Compare Side by Side needs 2 to 4.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Only %1 of the %2 images in the tray could be read: Compare Side by Side needs 2 to 4.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>One image is selected: select 2 to 4 to compare them side by side.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Only %1 of the %2 selected images could be read: select 2 to 4 that could.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>conversation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Couldn&apos;t list the models of %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Test Vision: %1 %2. %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Test Vision needs a connection to send to.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Test Vision: sending a small red image to %1…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing to send yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Can&apos;t send yet: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This question can&apos;t be asked again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saved %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Couldn&apos;t save %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing was imported: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Imported “%1”.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Conversations will not be saved: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Couldn&apos;t open the conversation: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The answer in “%1” was stopped to open another conversation; what arrived is kept.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Untitled conversation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Conversations are not saved here, so there is nothing to rename.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select a conversation in the list to rename it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Deleted “%1”.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Conversations are not saved here, so there is nothing to write to a file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing to save yet: ask a question first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Conversations are not saved here, so nothing can be imported.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Can&apos;t ask about these images: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Compare Side by Side shows 2 to 4 images; this question has %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>An image of this question is no longer available.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This model has no finished answer to continue with.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This answer can&apos;t join the conversation now.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Continuing with %1: its answer is now part of the conversation.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Squint is closing.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>squint::Batch</name>
    <message>
        <source>The prompt has a “{” that is not closed (write {{ for a literal brace).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The prompt names {%1}: only {filename}, {path} and {index} can be used (write {{ and }} for literal braces).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The prompt has a “}” that closes nothing (write }} for a literal brace).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The columns look like a JSON schema but are not valid JSON: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The JSON schema needs a &quot;properties&quot; object naming the columns.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A column name is empty: write the names separated by commas, e.g. &quot;brand,colour,count&quot;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The column “%1” is named twice.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Answer with one JSON object and nothing else, with exactly these keys: %1. Use null for a value the image does not give.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The object must match this JSON schema: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The answer holds no JSON object.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>The answer&apos;s JSON object lacks %n column(s): %1</source>
        <translation>
            <numerusform>The answer&apos;s JSON object lacks %n column: %1</numerusform>
            <numerusform>The answer&apos;s JSON object lacks %n columns: %1</numerusform>
        </translation>
    </message>
    <message>
        <source>“%1”: %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>squint::BatchModel</name>
    <message>
        <source>Waiting</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Answered, not in columns</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Answered earlier</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Answered</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not asked</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The answer did not fill the columns: %1

%2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 + %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>File</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Answer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tokens</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Time</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>squint::BatchRunner</name>
    <message numerus="yes">
        <source>The server kept answering 429 (too many requests): gave up after %n retry(s).</source>
        <translation>
            <numerusform>The server kept answering 429 (too many requests): gave up after %n retry.</numerusform>
            <numerusform>The server kept answering 429 (too many requests): gave up after %n retrys.</numerusform>
        </translation>
    </message>
    <message>
        <source>Interrupted before the answer was complete.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not asked: the server asked to wait before any more requests (%1).</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Not asked: the batch stopped after %n connection failure(s) in a row (%1).</source>
        <translation>
            <numerusform>Not asked: the batch stopped after %n connection failure in a row (%1).</numerusform>
            <numerusform>Not asked: the batch stopped after %n connection failures in a row (%1).</numerusform>
        </translation>
    </message>
    <message>
        <source>Not asked: the batch was interrupted.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>“%1” can&apos;t be read: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>“%1” is larger than %2 MB: Squint does not read it as an image.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>“%1” can&apos;t be used: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>“%1” could not be fitted to the model: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>“%1” can&apos;t be prepared for this model: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(--fit makes images fit the model&apos;s limits.)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>squint::BatchSession</name>
    <message>
        <source>Choose a model.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The prompt is empty.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The prompt: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The columns: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose a folder or images.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>“%1” does not exist.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There are no image files to ask about.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Batch %1 was run with another model, prompt, columns, group size or images: this is a new batch.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The results will not be saved: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 answered (%2 from an earlier run), %3 failed or not asked.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n answer(s) did not fill the columns: their raw text is kept.</source>
        <translation>
            <numerusform>%n answer did not fill the columns: their raw text is kept.</numerusform>
            <numerusform>%n answers did not fill the columns: their raw text is kept.</numerusform>
        </translation>
    </message>
    <message>
        <source>Canceled: Continue asks the rest.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stopped: the server could not be reached. Continue later.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stopped: the server asks to wait before more requests. Continue later.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>larger than %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>“%1”: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Running on Databricks needs a Databricks connection.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>On Databricks every request holds one image: set the group size to 1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ai_query takes no system prompt: clear it to run on Databricks.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>“%1” is a PDF: on Databricks a batch asks about image files only. Run it on this computer to ask about its pages.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This connection is not a Databricks workspace.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Finding the SQL warehouse…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Uploading %1 of %2…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Starting the SQL warehouse…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Submitting the statement…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pending: waiting for the warehouse…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Running on Databricks, %1…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reading the results…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Deleting the uploaded folder…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 answered on Databricks, %2 failed or not asked.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Canceled: the statement was canceled too.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>squint::BatchStore</name>
    <message>
        <source>%1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The batch could not be saved</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The saved batches could not be read</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A result could not be saved</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The saved results could not be read</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>squint::BatchWindow</name>
    <message>
        <source>Batch</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Batch Messages</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Folder:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ask About a Folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A folder of images (its subfolders too)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose Folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Use the tray&apos;s images</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Use the Tray&apos;s Images</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Images:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Model:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Prompt Template</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The question for every image. {filename}, {path} and {index} are filled in.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Prompt:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Columns</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Optional: brand, colour, count, or a JSON schema</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The answer is asked for as one JSON object with these columns. An answer that does not fill them keeps its raw text and is flagged.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Columns:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Images per Request</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Images per request:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Requests at a Time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Requests at a time:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fit to Model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Send scaled-down, re-encoded copies of images over the model&apos;s limits (the originals stay as they are)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Earlier Batches</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Continue</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Continue Batch</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Take the settings of this batch and ask what it has not answered yet (and files changed since)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Earlier batches:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Check</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Check Batch</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Read every image and show what would be sent, without sending anything</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Start</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Start Batch</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel Batch</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export Results</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save the results as CSV, JSON Lines or a Markdown table</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Check the batch to see what would be sent before anything is.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Check Summary</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Problems</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Turn On Fit to Model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Batch Progress</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Batch Progress Details</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Batch Results</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>The server asks to slow down: waiting %1, then %n request(s) at a time.</source>
        <translation>
            <numerusform>The server asks to slow down: waiting %1, then %n request at a time.</numerusform>
            <numerusform>The server asks to slow down: waiting %1, then %n requests at a time.</numerusform>
        </translation>
    </message>
    <message>
        <source>Saved “%1”.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>“%1” could not be saved: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Use the tray&apos;s images (%n)</source>
        <translation>
            <numerusform>Use the tray&apos;s images (%n)</numerusform>
            <numerusform>Use the tray&apos;s images (%n)</numerusform>
        </translation>
    </message>
    <message>
        <source>The settings changed: check again before starting.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reading the images…</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n file(s):</source>
        <translation>
            <numerusform>%n file:</numerusform>
            <numerusform>%n files:</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n request(s) would be sent.</source>
        <translation>
            <numerusform>%n request would be sent.</numerusform>
            <numerusform>%n requests would be sent.</numerusform>
        </translation>
    </message>
    <message>
        <source>Total payload: %1%2 (largest request %3).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>about </source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Estimated tokens: about %1 for the images, about %2 for the prompts.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n image(s) will be converted or scaled down to suit the model.</source>
        <translation>
            <numerusform>%n image will be converted or scaled down to suit the model.</numerusform>
            <numerusform>%n images will be converted or scaled down to suit the model.</numerusform>
        </translation>
    </message>
    <message>
        <source>No image files in “%1”.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Start continues batch %1: files answered before and unchanged are not asked again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Batch %1 had the same settings (%2 answered): choose it under Earlier batches and Continue to ask only the rest.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1. %2: %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(Fit to Model would fix it)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Every request fits the model&apos;s limits.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n request(s) would not go as they are:</source>
        <translation>
            <numerusform>%n request would not go as they are:</numerusform>
            <numerusform>%n requests would not go as they are:</numerusform>
        </translation>
    </message>
    <message>
        <source>Starting…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>0 of %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 of %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>, %n failed</source>
        <translation>
            <numerusform>, %n failed</numerusform>
            <numerusform>, %n failed</numerusform>
        </translation>
    </message>
    <message>
        <source>, %1 per second</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>, about %1 left</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Check again to continue or run the batch again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 · %2 · %3 · “%4” · %5 of %6 answered</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CSV (*.csv)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>JSON Lines (*.jsonl)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Markdown table (*.md)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose a Folder of Images</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Continue Batch %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Run On</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This computer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Databricks SQL warehouse (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Databricks SQL warehouse (needs a Databricks connection)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This computer sends one request per image from here; a Databricks SQL warehouse runs the whole folder as one ai_query statement, for large folders.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Run on:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Databricks Settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SQL Warehouse</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refresh SQL Warehouses</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SQL warehouse:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Volume Folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>/Volumes/main/default/squint</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The images are uploaded to a folder of their own under this Unity Catalog volume folder.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Volume folder:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete the uploaded images afterwards</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete the Uploaded Images Afterwards</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show SQL</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show the statement, to copy into a notebook or a job; nothing is sent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SQL Statement</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The SQL warehouses could not be listed: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 — %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> (Classic: no ai_query)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
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
    <name>squint::Capabilities</name>
    <message>
        <source>not JSON: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not a JSON object</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the server answered with an error: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>sees images</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cannot see images</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ignores images</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unknown</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ollama does not list this model&apos;s capabilities (an older Ollama).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ollama lists “vision” among its capabilities.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ollama lists no capabilities for it, not “vision”.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ollama lists its capabilities as %1, without “vision”.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The llama.cpp server does not say whether a multimodal projector is loaded.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The llama.cpp server has a multimodal projector loaded.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The llama.cpp server has no multimodal projector loaded (start it with --mmproj).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The llama.cpp server lists “multimodal” among the model&apos;s capabilities.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The llama.cpp server lists the model&apos;s capabilities as %1, without “multimodal”.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>foundation model %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>external model %1/%2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>custom model %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>task %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The serving endpoint&apos;s task is %1, not chat: it takes no images.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Databricks does not say whether this endpoint sees images: use Test Vision.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>It named the colour of the red test image.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>It took the red test image but answered “%1”.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server rejected the test image (HTTP %1): %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The test was stopped.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The test could not run: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server does not say which models see images: use Test Vision.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The network is not available.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server&apos;s description of the model is over %1 MB; Squint does not read it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 answered, but %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 answered HTTP %2.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>squint::Capture</name>
    <message>
        <source>This desktop offers no way to capture the screen: there is no X11 display (DISPLAY) and no screenshot portal (org.freedesktop.portal.Desktop on the session bus).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The region must be X,Y,WIDTH,HEIGHT in pixels (e.g. 0,0,800,600), not “%1”.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Screen capture %1.png</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There is no screen to capture.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The screen could not be captured.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The session bus is not available, so the screenshot portal can&apos;t be asked.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The screenshot portal refused: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The screenshot portal could not take the screenshot.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The screenshot portal gave no file Squint can read.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The screenshot could not be read.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The screenshot could not be read: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>squint::CaptureOverlay</name>
    <message>
        <source>Screen capture: drag the region to capture</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Drag over the part of the screen to capture. Enter takes the whole screen, Esc cancels.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 × %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Drag over the region to capture. Enter: whole screen. Esc: cancel.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>squint::ChatClient</name>
    <message>
        <source>Couldn&apos;t read the image “%1”: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The image “%1” is gone or empty.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove the image from the turn or add it again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The network is not available.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server&apos;s answer is larger than %1 MB; Squint stopped reading it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server sent a malformed event in the answer stream: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The connection broke after part of the answer arrived: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What arrived is kept. Retry asks again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The answer stream ended early, without an end marker: the answer may be incomplete.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server answered %1 but not with a chat completion.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Check the address of the connection: use the address the server redirects to, if you trust it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server sent a piece of the answer larger than %1 MiB; Squint stopped the answer there.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What arrived is kept.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The answer was stopped at %1 MiB: the server kept sending.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server does not take %1 for %2: the answer length was sent as %3 instead.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server does not take %1 for %2: the request was sent without an answer-length limit.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server does not take a temperature for %1: the request was sent with the model&apos;s default.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server does not take structured output (response_format): the request was sent with the column instruction in the prompt only.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Squint remembers this for this connection until it quits.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>squint::ChatProtocol</name>
    <message>
        <source>The request is too large for this endpoint: use Fit to Model, send fewer images, or set a lower request size for this endpoint under Limits….</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Check the access token of this connection: it may be wrong, expired, or not allowed to use this endpoint.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Check the model or endpoint name, and the address of the connection.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The account&apos;s quota is used up: check its plan and billing.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server is rate limiting requests.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server gave up waiting for the request: try again, or send a smaller request.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server, or a gateway in front of it, is having trouble: try again in a moment.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This model may not accept images: choose a vision model.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server reported an error during the answer.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server reported an error during the answer: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server answered with an error.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server answered with an error: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server sent a piece of the answer that is not valid JSON.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server&apos;s answer is not valid JSON.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server&apos;s answer has no choices.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server answered %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server answered %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the server</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No answer from %1 in time.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No answer from %1 in time (%2).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server may be busy, or the request slow to upload: try again, perhaps with fewer or smaller images.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The secure connection to %1 failed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The secure connection to %1 failed: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The request was stopped.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The connection to %1 failed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The connection to %1 failed: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>If it happens only with large requests, the endpoint may be cutting them off for their size: use Fit to Model or send fewer images.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Check the network connection and the address of the connection.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server says not to retry.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Gave up after %n retry(s).</source>
        <translation>
            <numerusform>Gave up after %n retry.</numerusform>
            <numerusform>Gave up after %n retries.</numerusform>
        </translation>
    </message>
    <message>
        <source>Automatic retries are off.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server asks to wait %1 before trying again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Check the computer&apos;s date and time, and whether a proxy or security software on this network replaces certificates. A company&apos;s own certificate authority belongs in the system&apos;s store, which Squint trusts: copy its certificate (.crt) to /usr/local/share/ca-certificates and run update-ca-certificates as root. If it happens only with large requests, the endpoint may be cutting them off for their size: use Fit to Model.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>squint::ChatSession</name>
    <message>
        <source>Waiting for the answer…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose a connection first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing to send.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Uploading %1 %</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Preparing the request…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sending…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Images</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>An image was removed from the tray; open the comparison again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Type a question.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>“%1” would have to be converted or scaled down for %2: add these images to the tray and compare them there.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Wait for the current answer or stop it first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 Retrying in %2 (attempt %3)…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>squint::ChatView</name>
    <message>
        <source>Conversation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Drop images on the right, type a question, and press Ctrl+Enter.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>You</source>
        <extracomment>the heading above the user&apos;s question in the chat</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (%2 × %3 px)</source>
        <extracomment>tooltip of an image in the chat: file name, width and height in pixels</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This image is left out of the context of later questions.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>These images are left out of the context of later questions.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Assistant</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Waiting for the answer…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stopped before any answer arrived.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stopped</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The request failed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 → %2 tokens</source>
        <extracomment>tokens sent (the prompt) → tokens received (the answer)</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 tokens</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>first token %1</source>
        <extracomment>time from sending the question to the first text of the answer, e.g. &quot;first token 0.8 s&quot;</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy the answer as Markdown</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Retry</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Send the same question again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Regenerate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ask for a new answer to the same question</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Edit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Put the question back in the editor</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Leave images out</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Don&apos;t send this question&apos;s images with later questions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Include images</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Send this question&apos;s images with later questions again</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Show %n earlier turn(s)</source>
        <translation>
            <numerusform>Show %n earlier turn</numerusform>
            <numerusform>Show %n earlier turns</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>(%n not shown)</source>
        <translation>
            <numerusform>(%n not shown)</numerusform>
            <numerusform>(%n not shown)</numerusform>
        </translation>
    </message>
    <message>
        <source>Compare images</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open this question&apos;s images side by side, as they were sent</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>squint::CompareModelsWindow</name>
    <message>
        <source>Fitting the images to the model…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Preparing the images…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ready to send</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Can&apos;t send yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Waiting…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Answering…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Done</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stopped before any answer arrived</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stopped</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%Ln token(s)</source>
        <extracomment>tokens of the answer</extracomment>
        <translation>
            <numerusform>%Ln token</numerusform>
            <numerusform>%Ln tokens</numerusform>
        </translation>
    </message>
    <message>
        <source>first token %1</source>
        <extracomment>time from sending to the first text of the answer, e.g. &quot;first token 0.8 s&quot;</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>total %1</source>
        <extracomment>time from sending to the end of the answer, e.g. &quot;total 4.2 s&quot;</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The request failed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Compare Models</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Compare Models Messages</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Prompt</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Images</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add Model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Send to All</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop All</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop every answer still arriving (what arrived is kept)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Models</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Every model that can take this request has been asked already.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Column %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Model, Column %1</source>
        <extracomment>%1 is the column&apos;s number</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Model or endpoint name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove Column %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove this model from the comparison (its call is stopped)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Images, Column %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Request Size, Column %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tokens, Column %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Why Column %1 Can&apos;t Send</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fit to Model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fit to Model, Column %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Send scaled-down, re-encoded copies of the images so the request fits this model (the originals stay as they are)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Message, Column %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Status, Column %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Answer, Column %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The answer appears here.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Figures, Column %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Error, Column %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Retry</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Retry Column %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Send this model the same request again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop Column %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop this answer (what arrived is kept)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Continue with This Answer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Continue with the Answer of Column %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Take this model&apos;s answer into the conversation and go on from there</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(no prompt)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Prompt: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n image(s)</source>
        <translation type="unfinished">
            <numerusform>%n image</numerusform>
            <numerusform>%n images</numerusform>
        </translation>
    </message>
    <message>
        <source>Compare one more model</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>At most %n models can be compared at once.</source>
        <translation>
            <numerusform>At most %n models can be compared at once.</numerusform>
            <numerusform>At most %n models can be compared at once.</numerusform>
        </translation>
    </message>
    <message>
        <source>Nothing to compare.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Send the prompt and the images to every model that can take them (Ctrl+Return)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Column %1: %2</source>
        <extracomment>%1 is the column&apos;s number, %2 its model name</extracomment>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>squint::ComparePane</name>
    <message>
        <source>Compared Images</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Image %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Computing the difference…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>squint::CompareView</name>
    <message>
        <source>The file can&apos;t be opened: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The file is %1, more than the %2 Squint reads as an image.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Compare Images</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;View:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>View</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Comparison View</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>How to show the images: side by side, or for two images a swipe, an onion skin or their difference</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Side by side</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Swipe</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Onion skin</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Difference</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Needs exactly two images</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>−</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Zoom Out</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Zoom out (-)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Zoom</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>+</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Zoom In</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Zoom in (+)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fit to Window</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show the whole images (0)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>100 %</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Actual Size</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>One image pixel per screen pixel (1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Images</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Images Side by Side</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Image %1 Details</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Images Overlaid</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Divider:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Divider</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Divider Position</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The first image is shown left of the divider, the second one right of it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Onion Skin</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Opacity of the second image:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Opacity of the Second Image</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>How much of the second image shows over the first one</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Image Details</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pixel Under the Cursor</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The image can&apos;t be decoded.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 × %2 px · %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 %</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: x %2, y %3 · R %4 G %5 B %6 A %7</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> (from the first picture; full resolution still loading)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Ask:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ask</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Question About These Images</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The question sent with these images, as Image 1, Image 2… in the order shown</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What are the differences between these images?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ask About These</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Image %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ask the chosen model this question about these images, in the order shown (Enter)</source>
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
    <message>
        <source>“%1” could not be edited: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Applying the edits…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>pages %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>all</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>it has %n page(s); Squint adds at most %1 pages of a PDF at once: choose pages (such as 1-%1).</source>
        <translation>
            <numerusform>it has %n page; Squint adds at most %1 pages of a PDF at once: choose pages (such as 1-%1).</numerusform>
            <numerusform>it has %n pages; Squint adds at most %1 pages of a PDF at once: choose pages (such as 1-%1).</numerusform>
        </translation>
    </message>
    <message>
        <source>“%1”: Squint adds at most %2 pages of a PDF at once; choose fewer pages.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Rendering %n page(s) of “%1” at %2 px…</source>
        <translation>
            <numerusform>Rendering %n page of “%1” at %2 px…</numerusform>
            <numerusform>Rendering %n pages of “%1” at %2 px…</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>squint::ConnectionDialog</name>
    <message>
        <source>Connections</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The servers Squint can send requests to, and the one it uses.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Add</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Start a new connection</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Remove</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Forget the selected connection and its saved token</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Where this connection comes from</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Result</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Test</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ask the server for its models with these settings, without saving them</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Use This Connection</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save the changes, if any, and send requests to this connection</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Close</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Close this window</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>found on this computer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>from the environment</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 — in use</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 at %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Squint found this Ollama server on this computer. Add a connection to change its settings.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This connection comes from the environment (DATABRICKS_HOST, DATABRICKS_TOKEN, ~/.databrickscfg or OPENAI_API_KEY); change it there, or add a connection.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New connection</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Removed %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Testing…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saved %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Squint now sends requests to %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connections from the environment are not saved</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save this connection</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>squint::ConnectionEditor</name>
    <message>
        <source>Connection</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kind of server</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>How Squint shows this connection; left empty, a name is made from the address.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Address</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Problem with the address</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Where the token comes from</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Token</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Environment variable holding the token</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>e.g. MY_SERVER_TOKEN</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Databricks profile</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A profile of your Databricks configuration file (~/.databrickscfg); Squint reads its token each time it starts.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No token is sent.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No token</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>About the token</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Problem with the token</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Kind:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>T&amp;oken from:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Token:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Databricks (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>OpenAI</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>OpenAI (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ollama (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>API key typed into Squint (kept in the keychain)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Token typed into Squint (kept in the keychain)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Databricks profile (~/.databrickscfg)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Environment variable</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>None (Ollama needs no token)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Token typed into Squint (optional, kept in the keychain)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>None</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (not in the file)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No profiles in ~/.databrickscfg</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Workspace URL:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Workspace URL</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>https://dbc-1234abcd-5678.cloud.databricks.com</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The address of your Databricks workspace, as in the browser&apos;s address bar.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Base URL:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Base URL</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>https://llm.example.com/v1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The API base: Squint adds /chat/completions and /models to it. https, or http for a server on this computer.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saved in the keychain; type a new one to replace it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Optional</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Paste the token here</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A personal access token (dapi…), from User Settings › Developer › Access tokens. Squint keeps it in the system keychain, never in its settings file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Squint keeps it in the system keychain, never in its settings file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Squint reads this variable each time it starts; the token is never saved.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter the API key.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter the token.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The token has spaces in it; paste it again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter the name of the environment variable that holds the token.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>“%1” is not an environment variable name (letters, digits and _ only).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose a profile of ~/.databrickscfg, or another way to give the token.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Profile %1 is for %2, not this workspace; its token would not be sent here.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Service principal</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Client ID</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Client ID (application ID)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Client secret</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Databricks CLI sign-in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Personal access token typed into Squint (kept in the keychain)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sign in with the Databricks CLI (databricks auth login)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Service principal (OAuth client ID and secret)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Squint reads the profile each time it connects: its personal access token, its service principal, or a sign-in of the Databricks CLI (auth_type).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Squint asks the workspace for a short-lived token with them. The secret is kept in the system keychain, never in its settings file, and is sent only to this workspace.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sign in once in a terminal with:
 databricks auth login --host %1
Squint then asks the Databricks CLI for a token (databricks auth token) whenever it needs one.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>WORKSPACE-URL</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The address is now another server&apos;s: enter its token (the saved one is not sent there).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter the service principal&apos;s client ID.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The address is now another workspace&apos;s: enter the client secret again (the saved one is not sent there).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter the client secret.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>squint::ConnectionManager</name>
    <message>
        <source>No keychain answered; the token is kept for this session only.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ollama on this computer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter the token of %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The keychain did not give the token of %1 (%2). Open Connections…, select it and type its token again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The token of %1 is not in the keychain. Open Connections…, select it and type its token again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Set it and restart Squint, or open Connections… and type the token into Squint.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The token could not be saved in the keychain (%1); it is kept for this session only.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No connection is chosen.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Connected: %n chat model(s).</source>
        <translation>
            <numerusform>Connected: %n chat model.</numerusform>
            <numerusform>Connected: %n chat models.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n of them not ready.</source>
        <translation>
            <numerusform>%n of them not ready.</numerusform>
            <numerusform>%n of them not ready.</numerusform>
        </translation>
    </message>
    <message>
        <source>The workspace has no chat serving endpoint you can use.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server lists no model.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter the token first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The network is not available.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 answered, but not with a list of models: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The token of a deleted connection could not be removed from the keychain (%1). Remove the entry “%2” of “Squint” with the system&apos;s keychain tool.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server refused the token, and Squint cannot get a new one for this run: its connection is no longer the current one, or its token does not expire.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter the client secret of %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The keychain did not give the client secret of %1%2. Open Connections…, select it and type its client secret again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The Databricks configuration (%1) now names %2, not %3; it is not used for %3.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no workspace</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The address changed to %1: enter the token for it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The list of models from %1 is larger than %2; Squint does not read it.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>squint::Connections</name>
    <message>
        <source>Databricks workspace</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>OpenAI</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ollama (local)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>OpenAI-compatible</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter the server&apos;s address, such as https://api.openai.com/v1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This is not a valid address.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Start the address with https://.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Squint talks to servers over https (or http on this computer), not %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The address has no server name.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Leave the user name and password out of the address; Squint asks for the token separately.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Use https for %1: over plain http the token would cross the network unencrypted. http is only accepted for servers on this computer (localhost).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The list of serving endpoints is not valid JSON: %1 at byte %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The list of serving endpoints is not a JSON object.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The workspace answered with an error: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The list of serving endpoints has no list of endpoints.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not ready</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not ready: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>external model %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The list of models is not valid JSON: %1 at byte %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The answer is not a list of models.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server answered with an error: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>owned by %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>context %1 tokens</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The Databricks workspace from %1 is not used: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Databricks (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>OPENAI_API_KEY is not used: OPENAI_BASE_URL is refused. %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ollama (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>OpenAI-compatible (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The token of %1 is kept in the keychain, not in the environment.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No environment variable is named for the token of %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The environment variable %1, which holds the token of %2, is not set.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No Databricks personal access token was found for %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Profile %1 in %2 has no token.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The Databricks configuration (%1) now names %2, not %3; its token is not sent to %3.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no workspace</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server redirected the request to another address, %1; Squint sends the token and images only to the connection&apos;s own address (%2), so it stopped.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The token of %1 comes from the Databricks CLI, not from the environment.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 signs in with OAuth (%2): its token is fetched, not read.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>squint::ConversationListModel</name>
    <message>
        <source>Untitled conversation</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%1
%n turn(s), last active %2</source>
        <extracomment>%1 title, %2 number of turns, %3 date and time of the last activity</extracomment>
        <translation>
            <numerusform>%1
%n turn, last active %2</numerusform>
            <numerusform>%1
%n turns, last active %2</numerusform>
        </translation>
    </message>
    <message>
        <source>%1, turn %2</source>
        <extracomment>a search hit: %1 the conversation&apos;s title, %2 the turn&apos;s number</extracomment>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>squint::DatabricksAuth</name>
    <message>
        <source>A personal access token is not fetched; it is read from its source.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The Databricks CLI (databricks) is not on PATH. Install it, sign in with “%1” and try again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The Databricks CLI could not be started (%1). Check it works, sign in with “%2” and try again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The Databricks CLI gave no token for %1 in %2 seconds. Run “%3” in a terminal and try again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The Databricks CLI wrote more than Squint reads for a token.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The Databricks CLI could not give a token for %1%2. Sign in again with “%3” and try again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The Databricks CLI answered without an access token for %1. Sign in again with “%2”.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The service principal for %1 needs both a client ID and a client secret.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The network is not available.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The token endpoint of %1 answered with more than Squint reads.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 refused the service principal&apos;s client ID or secret (HTTP %2%3). Check them in Connections… or the Databricks profile.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The token endpoint of %1 answered HTTP %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The token endpoint of %1 could not be reached (%2).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The token endpoint of %1 answered without an access token.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>squint::DatabricksBatch</name>
    <message>
        <source>The volume folder must start with /Volumes/ (such as /Volumes/main/default/squint).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The volume folder may not hold quotes, backslashes, control characters or any of * ? [ ] { }.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The volume folder must name a catalog, a schema and a volume: /Volumes/CATALOG/SCHEMA/VOLUME.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The volume folder has an empty, “.” or “..” part.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>“%1” is not a serving endpoint name (letters, digits, - and _, at most 63 characters).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>On Databricks one prompt serves every image: the template can&apos;t use {filename}, {path} or {index}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Databricks answered with something that is not a JSON object.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Databricks answered without a statement state.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A result chunk from Databricks&apos; storage is not a JSON array.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no message</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Databricks: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ai_query needs a Pro or Serverless SQL warehouse, not a Classic one.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ask for CAN QUERY on the serving endpoint.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The result is too large to come inline: run it again with external links.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(HTTP %1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Check the permissions: WRITE VOLUME on the volume, CAN USE on the warehouse, CAN QUERY on the endpoint.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Databricks answered without the warehouse&apos;s id and state.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Databricks returned no answer and no error for this file.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>squint::DatabricksBatchRunner</name>
    <message>
        <source>Databricks answered with more than %1: stopped.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The workspace refused the token and no new one could be had: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There are no files to ask about.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>On Databricks every request holds one image (no groups).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Can&apos;t list the SQL warehouses: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There is no SQL warehouse “%1”: the workspace lists none you can use.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There is no SQL warehouse “%1”; the workspace has: %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The SQL warehouse “%1” is a Classic warehouse: ai_query runs on Pro and Serverless warehouses only.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The SQL warehouse “%1” is deleted.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Can&apos;t start the SQL warehouse: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Starting the SQL warehouse “%1” (it was stopped).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Can&apos;t create the folder %1 on the volume: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>“%1” could not be fitted to the model: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Can&apos;t upload to %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Can&apos;t read the file: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Can&apos;t read the SQL warehouse&apos;s state: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The SQL warehouse “%1” stopped while it was starting.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The statement was not accepted: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Can&apos;t read the statement&apos;s state: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The result has columns %1, not path, answer and error: the ai_query result&apos;s fields may be named differently on this workspace.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The statement was canceled on Databricks. %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Can&apos;t read a result chunk: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Databricks gave a result link that is not https: not fetched.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A result link expired; asking Databricks for a new one.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Can&apos;t read a result chunk from Databricks&apos; storage: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>HTTP %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The uploaded folder %1 could not be deleted: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not asked: the batch was canceled.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Databricks returned no row for this file.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>squint::DatabricksConfig</name>
    <message>
        <source>line %1: section [%2] appears twice</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>line %1: a value before any [section] header</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>line %1: neither a [section] nor a key = value line</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>line %1: key %2 appears twice in [%3]</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 was not found, so profile %2 could not be read.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1, %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>resolve: %1 has no %2 profile configured</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>profile %1 in %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>profile %1 in %2, with %3 from the environment</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>environment (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>More than one authentication method is configured (%1); Squint uses the personal access token.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>DATABRICKS_TOKEN is set but DATABRICKS_HOST is not.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Profile %1 in %2 has no host.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is set, so %2 was not read.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Profile %1 in %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The environment</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 asks for a service principal (oauth-m2m) but lacks client_id or client_secret.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The authentication type is %1; Squint signs in with a personal access token (pat), a service principal (oauth-m2m) or the Databricks CLI (databricks-cli).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>DATABRICKS_HOST is set but DATABRICKS_TOKEN is not; set it, or install the Databricks CLI and sign in with “%1”.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Profile %1 in %2 has no token; add one, or install the Databricks CLI and sign in with “%3”.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Profile %1 in %2 has no token.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>squint::EditList</name>
    <message>
        <source>The edit list is too long.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The edit list is not valid JSON.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The edit list was written by another version of Squint.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The edit list has more than %1 marks.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mark %1 is of an unknown kind.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mark %1 has no valid position.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mark %1 has a text longer than %2 characters.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mark %1 has an invalid colour.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>squint::Evaluation</name>
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
    <message numerus="yes">
        <source>(%n from earlier turns)</source>
        <translation>
            <numerusform>(%n from earlier turns)</numerusform>
            <numerusform>(%n from earlier turns)</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 images with the earlier turns&apos;, but %2 takes at most %3 per request: remove %4 or leave earlier images out.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 cannot see images: %2 Remove the images or choose another model.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 may not see images: %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>squint::Format</name>
    <message numerus="yes">
        <source>%n second(s)</source>
        <translation>
            <numerusform>%n second</numerusform>
            <numerusform>%n seconds</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n minute(s)</source>
        <translation>
            <numerusform>%n minute</numerusform>
            <numerusform>%n minutes</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n hour(s)</source>
        <translation>
            <numerusform>%n hour</numerusform>
            <numerusform>%n hours</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n day(s)</source>
        <translation>
            <numerusform>%n day</numerusform>
            <numerusform>%n days</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 × %2</source>
        <extracomment>an image&apos;s width and height in pixels, e.g. &quot;4032 × 3024&quot;</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 s</source>
        <extracomment>a measured time in seconds, e.g. &quot;3.1 s&quot;</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 min</source>
        <extracomment>minutes, e.g. &quot;12 min&quot;</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 h</source>
        <extracomment>hours, e.g. &quot;1.5 h&quot;</extracomment>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>squint::History</name>
    <message>
        <source>couldn&apos;t add the conversation: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>couldn&apos;t save the conversation: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The history could not be saved.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The conversation is no longer in the history.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the conversation could not be read from the history.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the history is not open.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The conversation could not be saved: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A turn could not be saved: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The answer could not be saved: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 Squint keeps what it is saving and writes it as soon as the history is free.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The history is free again; everything was saved.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>squint::HistoryPanel</name>
    <message>
        <source>Conversations</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Search</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Search the prompts and answers of every saved conversation (Ctrl+Shift+F)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Search Conversations</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Start a new conversation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New Conversation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete the selected conversation (it can be undone)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete Conversation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saved Conversations</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Search Results</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing matches “%1”.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Conversations are saved here as you ask.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rename</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>squint::ImageDiff</name>
    <message>
        <source>There is nothing to compare: an image is missing or could not be read.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No pixels differ (threshold %1 of 255)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All pixels differ (threshold %1 of 255)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Less than 0.1 % of the pixels differ (threshold %1 of 255)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%L1 % of the pixels differ (threshold %2 of 255)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1; the second image was stretched to the first one&apos;s aspect ratio.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1.</source>
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
    <message>
        <source>The %1 image data is corrupt.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>squint::ImagePrep</name>
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
    <message>
        <source>Turned upright as the EXIF orientation asks</source>
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
    <message>
        <source>“%1” is no longer available.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The %1 image data is corrupt.</source>
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
        <source>Ready to send</source>
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
    <message>
        <source>C&amp;onnection:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connection</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Where questions are sent: a Databricks workspace or an OpenAI-compatible server</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connections...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Manage Connections</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add, test and remove connections to model endpoints</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Editing an earlier question</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel Editing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop the answer (Esc); what arrived is kept</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;New Conversation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Connections...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Chat</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Send</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>S&amp;top</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Return Sends</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Return sends the prompt and Shift+Return starts a new line; otherwise Ctrl+Return sends</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Send the prompt and images (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Return</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ctrl+Return</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Editing question %1: sending replaces it and the answers after it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Answer copied to the clipboard.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>None yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Request &amp;Parameters...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>System prompt, temperature and answer length for new questions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Save Conversation As...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Write the conversation as Markdown, HTML, PDF or JSON</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Import Conversation...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add a JSON transcript to the saved conversations</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show &amp;Conversations</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Searc&amp;h Conversations</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Batch: One Question, Many Images...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ask the same question about every image of a folder or of the tray, one request each</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Re&amp;name Conversation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Undo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Markdown, images in a folder beside it (*.md)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Markdown, images inside the file (*.md)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Web page, one file (*.html)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PDF (*.pdf)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>JSON transcript, complete (*.json)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save Conversation As</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Import Conversation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>JSON transcripts (*.json)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 — Squint</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Compare Side by Side</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Compare 2 to 4 images (the selected ones, or the whole tray) with synchronised zoom, swipe and difference views</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Compare &amp;Models...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Send the prompt and images to two or three models at once and compare their answers side by side</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Capture Screen &amp;Region...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Drag over a part of the screen to add it to the tray</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Edit Image...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Crop, mark up and redact the selected image before it is sent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Send Location and Camera &amp;Data</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Send images with their GPS position, camera data and comments (EXIF, XMP); off, Squint removes them from what it sends and leaves the files as they are</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>“%1” can be edited once it is read.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select the image to edit in the tray.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The image was removed or edited again while this editor was open: open the editor again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Screen capture: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>squint::Markup</name>
    <message>
        <source>Squint can&apos;t read the original any more: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The original is too large to edit.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Squint can&apos;t decode the original.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Squint can&apos;t encode the edited image.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>squint::MarkupCanvas</name>
    <message>
        <source>Image being marked up</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Drag to draw with the chosen tool; click to place a callout or text.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Opening the image…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>squint::MarkupEditor</name>
    <message>
        <source>The image is too large to edit.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Squint can&apos;t read the original any more: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Edit Image — %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Image editor</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Markup tools</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Rectangle</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Arrow</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Numbered Callout</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Text</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Redact (&amp;Black Box)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Pixelate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Crop</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Drag to outline a part of the image</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Drag from the tail to the point of the arrow</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Click to place the next number; the Text field is its note</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Click where the text in the Text field goes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Drag over what must not leave the computer: it becomes solid black</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Drag over a part to blur it into coarse blocks</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Drag the part of the image to keep</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Undo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Re&amp;do</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Zoom &amp;In</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Zoom &amp;Out</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Fit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Actual Size</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Te&amp;xt:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Text for the Text tool and note for the next callout</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Text to place, or the note of the next callout</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>C&amp;olour:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Colour of new marks</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Red</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Yellow</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Blue</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Green</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add the callout &amp;notes to the prompt</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Adds lines such as “1: the red box” to the question, so the model knows what each number points at</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Image</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Editor status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Apply</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Send the marked-up copy instead of the original (the original file is not changed)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove All Marks</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Type the text in the Text field first, then click where it goes.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 × %2 pixels. The original file is never changed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n mark(s); redacted parts are replaced in what is sent.</source>
        <translation>
            <numerusform>%n mark; redacted parts are replaced in what is sent.</numerusform>
            <numerusform>%n marks; redacted parts are replaced in what is sent.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n mark(s). The original file is never changed.</source>
        <translation>
            <numerusform>%n mark. The original file is never changed.</numerusform>
            <numerusform>%n marks. The original file is never changed.</numerusform>
        </translation>
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
    <name>squint::ModelComparison</name>
    <message>
        <source>%1: “%2” could not be fitted: %3</source>
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
        <source>%1 takes at most %2 images per request: Fit to Model makes images smaller, but it can&apos;t send %3.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose at least %1 models to compare.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: preparing images…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sending…</source>
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
    <message>
        <source>Test &amp;Vision</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Send one small red test image to this model and see whether it names the colour</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ignores images: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cannot see images: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>squint::ParametersDialog</name>
    <message>
        <source>Request Parameters</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>These go with every new question. Left at “Server default”, a parameter is not sent and the server decides.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>System prompt</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>None: the model&apos;s own default behaviour</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;System prompt:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Temperature</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Server default</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>0 is the most predictable, 2 the most varied. Some reasoning models only take the default.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Temperature:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Most tokens per answer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sent as max_tokens, or max_completion_tokens to OpenAI. On Databricks a large value can be refused at once under pay-per-token rate limits.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Most tokens per &amp;answer:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What the model takes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 takes only its default temperature: none is sent.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>For %1 the limit is sent as %2.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>squint::PdfImportFlow</name>
    <message>
        <source>PDF Pages</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rendering PDF pages: %1 of %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>squint::PdfPages</name>
    <message>
        <source>more than %1 parts; use ranges such as 2-40.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>“%1” is not a page or a range of pages (write them like 2-4,7).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 goes backwards; write the lower page first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>pages are counted from 1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the document has no pages.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>the document has %n page(s).</source>
        <translation>
            <numerusform>the document has %n page.</numerusform>
            <numerusform>the document has %n pages.</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 p. %2</source>
        <extracomment>the tray&apos;s name for one page of a PDF file: &quot;report.pdf p. 3&quot;</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This is not a page of a PDF.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The file does not exist (any more).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This is not a regular file, so Squint does not read it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The PDF is protected by a password, and Squint does not open protected PDFs. Save the pages you need without the password (Print to PDF in a viewer) and add that file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The PDF is encrypted in a way Squint can&apos;t open. Save the pages you need as a plain PDF (Print to PDF in a viewer) and add that file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Squint can&apos;t open this file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The PDF is damaged or is not a PDF: Squint can&apos;t read its pages.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The PDF has no pages.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Page %1 could not be rendered: the PDF may be damaged.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Page %1 could not be encoded as PNG.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>squint::PdfPagesDialog</name>
    <message>
        <source>Pages of %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>“%1” has %n page(s). Each page you choose goes to the tray as an image.</source>
        <translation>
            <numerusform>“%1” has %n page. Each page you choose goes to the tray as an image.</numerusform>
            <numerusform>“%1” has %n pages. Each page you choose goes to the tray as an image.</numerusform>
        </translation>
    </message>
    <message>
        <source>This is a long document: choose the pages you need (at most %1). Thumbnails are drawn for the first %2 pages.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;All pages</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;All %1 pages (more than the %2 Squint adds at once)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Pages:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Choose in the list</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pages to add</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>for example 2-4, 7</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Page numbers and ranges separated by commas</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pages</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>p. %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Page %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add Pages</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Type the pages, for example 2-4, 7.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tick the pages to add.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n page(s) chosen: Squint adds at most %1 at once.</source>
        <translation>
            <numerusform>%n page chosen: Squint adds at most %1 at once.</numerusform>
            <numerusform>%n pages chosen: Squint adds at most %1 at once.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n page(s) will be added: %1</source>
        <translation>
            <numerusform>%n page will be added: %1</numerusform>
            <numerusform>%n pages will be added: %1</numerusform>
        </translation>
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
    <message>
        <source>Ask about your images... (Return to send, Shift+Return for a new line)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your question about the images. Press Return to send, Up and Down for earlier prompts.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your question about the images. Press Ctrl+Return to send, Up and Down for earlier prompts.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>squint::SafeLinks</name>
    <message>
        <source>image: %1</source>
        <extracomment>an image in an answer, not shown (it would have to be fetched): %1 is its description</extracomment>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>squint::SecretStore</name>
    <message>
        <source>The keychain refused access; the token is kept for this session only.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No keychain answered; the token is kept for this session only.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the keychain refused access</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the keychain did not answer</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>squint::SetupPanel</name>
    <message>
        <source>Set up a connection</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connect Squint to a model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Squint needs a model endpoint. Choose the kind of server that runs your vision model, fill in its address and token, and press Test to check them. You can add more connections later under Connections…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What Squint needs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Squint also picks these up by itself when it starts: DATABRICKS_HOST and DATABRICKS_TOKEN, the profiles of ~/.databrickscfg, and OPENAI_API_KEY. Set one of them and restart Squint to skip this step.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Settings found automatically</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Databricks workspace</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A workspace URL and a personal access token</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;OpenAI</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>An OpenAI API key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ollama on this &amp;computer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A local Ollama server; no token needed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Other OpenAI-compatible &amp;server</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>vLLM, llama.cpp or any server with /v1/chat/completions: a base URL and an optional token</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Result</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Test</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Test</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ask the server for its models with these settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save and &amp;Use</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save and Use</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ollama on this computer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ollama on this &amp;computer (found)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ollama on this &amp;computer (not running)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Squint found an Ollama server at %1; no token needed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No Ollama server answered at %1. Start Ollama, then restart Squint.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Testing…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saved. Squint now sends requests to %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save this connection and start using it</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>squint::Store</name>
    <message>
        <source>The history is not open.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not create the folder %1 for the history.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>it is not a database</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not start a new history in %1: %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not open the history %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>it is damaged: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not read the history %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The history %1 was written by a newer version of Squint (schema %2, this one knows up to %3). It was left as it is; update Squint to open it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not update the history %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not update the history %1 to version %2: %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not update the history %1 to version %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not read the version of the history %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The history %1 cannot be used (%2) and could not be moved aside.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The history %1 cannot be used (%2); it was moved to %3 but %4 could not be moved.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Squint could not use its history file (%1). It was moved aside to %2 and a new, empty history was started.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not save an image in the history: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not save the conversation: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not rename the conversation: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not save the conversation&apos;s parameters: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not delete the conversation: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not read the history: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not save the turn: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not save the turn&apos;s images: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not save the turn&apos;s images.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not save the answer: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not remove the turns: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not read the conversation: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The answer was interrupted: Squint closed before it finished.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not read the conversation&apos;s images: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not search the history: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not restore the conversation: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not empty the deleted conversations: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The history %1 is in use by another program (perhaps another Squint) and stayed locked; nothing in it was changed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not create the history %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>squint::Transcript</name>
    <message>
        <source>Could not write %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Conversation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 tokens</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No answer had arrived when this transcript was made.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The answer was still arriving when this transcript was made.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stopped before any answer arrived.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stopped: the answer above is what had arrived.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unknown error</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Failed: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Exported from Squint on %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>temperature %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>at most %1 tokens</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>System prompt</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>You</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>[%1: the image is no longer available]</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reasoning</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The transcript is incomplete: &quot;%1&quot; is missing.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The transcript is damaged: &quot;%1&quot; should be %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>text</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>true or false</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>an object</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a list</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a date and time (ISO 8601), or null</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a date and time (ISO 8601)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>base64 text, or null</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>base64 text</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>An image in the transcript is too large (&quot;%1&quot;, more than %2).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The transcript is damaged: &quot;%1&quot; is not valid base64.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>64 lower-case hexadecimal digits</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The transcript is damaged: the image in &quot;%1&quot; does not match its SHA-256 hash.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The transcript is damaged: &quot;%1&quot; is empty.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The transcript is damaged: &quot;%1&quot; has the unknown value &quot;%2&quot;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>an object, or null</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not create the folder %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not read the image %1 of turn %2: its file is gone.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The transcript is too large (%1; at most %2 can be read).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The transcript is not valid JSON: %1 at byte %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This file is not a Squint transcript: it holds no JSON object.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This file is not a Squint transcript (its format is &quot;%1&quot;).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This file is not a Squint transcript: it has no &quot;format&quot; field.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The transcript is damaged: &quot;version&quot; should be a whole number.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This transcript has version %1, which this version of Squint cannot read (it reads version %2).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not open %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not read %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a whole number from %1 to %2, or null</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a whole number from %1 to %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a MIME type such as image/jpeg</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The transcript is damaged: &quot;%1&quot; is not an image Squint can send.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The transcript is damaged: &quot;%1&quot; should be %2, the type of the image it describes.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The transcript is damaged: the image in &quot;%1&quot; declares more pixels than Squint opens.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a number from 0 to %1, or null</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>first text after %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 in all</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The transcript is damaged: &quot;%1&quot; is not an edit list.</source>
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
    <message>
        <source>Edited</source>
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
    <message>
        <source>Location removed: the GPS position and camera data stay on this computer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Metadata removed: camera data and comments stay on this computer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Edited: the marked-up copy is sent, the original is unchanged</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Location removed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Metadata removed</source>
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
    <message>
        <source>Images and PDFs (%1)</source>
        <translation type="unfinished"></translation>
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
    <message>
        <source>The download of %1 timed out after %2.</source>
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
        <source>FILE...</source>
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
    <message>
        <source>Databricks profile in ~/.databrickscfg.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>OpenAI-compatible base URL, e.g. http://localhost:11434/v1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>URL</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Environment variable holding the token for --base-url.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>VAR</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Model or serving endpoint name.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>An image to send (repeat for several).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>FILE</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>System prompt.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Most tokens the answer may use.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>N</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sampling temperature (0 to 2).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>T</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ask for the whole answer at once.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Print one JSON object with the answer, usage and timings.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fit the images to the model&apos;s limits instead of failing.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Seconds without any data before giving up (default 120).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>S</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The question; &quot;-&quot; reads it from standard input.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PROMPT</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>set DATABRICKS_HOST and DATABRICKS_TOKEN, write ~/.databrickscfg, or use --base-url for another endpoint.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>  --fit makes the images fit the model&apos;s limits.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>None of the files is an image Squint can send.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ask a model about images; the answer streams to standard output</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Asks a vision model about images and prints the answer as it streams.
Without --profile or --base-url, the Databricks workspace comes from DATABRICKS_HOST and DATABRICKS_TOKEN, or from ~/.databrickscfg (DATABRICKS_CONFIG_PROFILE, DATABRICKS_CONFIG_FILE).
With --save, the question and its answer are kept in Squint&apos;s history (see &quot;squint export --list&quot;).
Exit status: 0 answered, 1 an image could not be read, 2 usage or configuration, 3 over the model&apos;s limits, 4 connection failed, 5 the server answered with an error, 130 interrupted.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keep the question and its answer in Squint&apos;s history.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>With --save: the conversation&apos;s title (default: from the prompt).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saved as conversation %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>List the saved conversations or write one as Markdown, HTML, PDF or JSON</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add a JSON transcript to the saved conversations</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Lists the saved conversations, or writes one as Markdown, HTML, PDF or JSON.
CONVERSATION is a number from --list or an exact title.
Exit status: 0 written, 1 the file could not be written, 2 usage or unknown conversation.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>List the saved conversations, newest first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>With --list: print JSON.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>md, html, pdf or json.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>FORMAT</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The file to write (default: the title, in the current folder); &quot;-&quot;: standard output (md, html, json).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Markdown: images inside the file instead of an assets folder.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Conversation number or title.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CONVERSATION</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>usage: squint export --list [--json]
       squint export CONVERSATION --format md|html|pdf|json [-o FILE] [--embed-images]</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No saved conversations yet. &quot;squint ask --save&quot; or the window&apos;s history adds some.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%1	%2	%n turn(s)	%3</source>
        <translation>
            <numerusform>%1	%2	%n turn	%3</numerusform>
            <numerusform>%1	%2	%n turns	%3</numerusform>
        </translation>
    </message>
    <message>
        <source>Did you mean:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&quot;squint export --list&quot; shows them.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>couldn&apos;t write a temporary file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Wrote %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Adds a JSON transcript (from &quot;squint export --format json&quot;) to the saved conversations.
The whole file is checked first: when anything is wrong, nothing is added.
Exit status: 0 imported, 1 the file is not a valid transcript or the history can&apos;t be written, 2 usage.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A JSON transcript.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>FILE.json</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>usage: squint import FILE.json</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Imported as conversation %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 of %2 finished: %3 answered, %4 failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>, %1 per second</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>, about %1 left</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dry run for %1 (%2): nothing is sent.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>  files:           %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>  requests:        %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>  total payload:   %1%2 (largest request %3)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>about </source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>  estimated tokens: about %1 for the images, about %2 for the prompts (rough)</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>  %n image(s) will be converted or scaled down to suit the model.</source>
        <translation>
            <numerusform>  %n image will be converted or scaled down to suit the model.</numerusform>
            <numerusform>  %n images will be converted or scaled down to suit the model.</numerusform>
        </translation>
    </message>
    <message>
        <source>Every request fits the model&apos;s limits.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n request(s) would not go as they are:</source>
        <translation>
            <numerusform>%n request would not go as they are:</numerusform>
            <numerusform>%n requests would not go as they are:</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>--fit would make %n of them fit (Fit to Model: scaled down and re-encoded copies; the originals stay as they are).</source>
        <translation>
            <numerusform>--fit would make %n of them fit (Fit to Model: scaled down and re-encoded copies; the originals stay as they are).</numerusform>
            <numerusform>--fit would make %n of them fit (Fit to Model: scaled down and re-encoded copies; the originals stay as they are).</numerusform>
        </translation>
    </message>
    <message>
        <source>The question (a template, see above).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Columns the answer must fill: a,b,c, a JSON schema, or @FILE.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SPEC</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Requests in flight at most (default 4).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Images per request, for comparisons (default 1).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Write the rows to FILE.csv, FILE.jsonl or FILE.md (default: JSONL on standard output).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Continue the latest batch with the same settings and inputs.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Continue batch ID (implies --resume).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ID</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show what would be sent, send nothing.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Don&apos;t keep the results in Squint&apos;s history (no --resume later).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>DIR|FILE...</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>squint batch: batch %1, %n request(s).</source>
        <translation>
            <numerusform>squint batch: batch %1, %n request.</numerusform>
            <numerusform>squint batch: batch %1, %n requests.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>squint batch: the server asks to slow down (429): waiting %1, then %n request(s) at a time.</source>
        <translation>
            <numerusform>squint batch: the server asks to slow down (429): waiting %1, then %n request at a time.</numerusform>
            <numerusform>squint batch: the server asks to slow down (429): waiting %1, then %n requests at a time.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>squint batch: %n answer(s) did not fill the columns: their raw text is kept and parse_error says why.</source>
        <translation>
            <numerusform>squint batch: %n answer did not fill the columns: their raw text is kept and parse_error says why.</numerusform>
            <numerusform>squint batch: %n answers did not fill the columns: their raw text is kept and parse_error says why.</numerusform>
        </translation>
    </message>
    <message>
        <source>Ask the same question about every image of a folder; the rows go to CSV, JSONL or Markdown</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Say whether a model sees images: ask its server, else send one tiny test image</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Says whether a model sees images. It asks the server first (Ollama&apos;s /api/show, llama.cpp&apos;s /props and models list, the Databricks serving endpoint); when that says nothing, it sends one 64 x 64 red PNG with the question &quot;What colour is this image?&quot; and reads the answer.
Verdicts: sees images, cannot see images (the server says so or rejects the image), ignores images (it answered without naming the colour), unknown.
Exit status: 0 a verdict was reached (sees, cannot see or ignores), 2 usage or configuration, 4 connection failed, 5 the server answered with an error that says nothing about images.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Print one JSON object with the verdict.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Send the test image even when the server says.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Only ask the server; never send the test image.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>usage: squint probe [--profile NAME | --base-url URL [--token-env VAR]] --model NAME [--test | --no-test] [--json]</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sending a 64 x 64 test image to %1…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>  model: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the answer will not be saved.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the answer will not be saved: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the answer could not be saved completely: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>couldn&apos;t read the prompt from standard input.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the prompt is empty.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>“%1” can&apos;t be used: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the answer was cut off at the token limit.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>interrupted.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--title goes with --save.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>can&apos;t read the columns from “%1”: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--concurrency takes a whole number from 1 to 64.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--group takes a positive whole number.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--out needs a file name ending in .csv, .jsonl or .md.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--batch-id takes a batch number.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--resume needs the saved results: it can&apos;t go with --no-save.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>“%1” does not exist.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no image files in “%1”.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no image files to ask about.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>there is no batch %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>batch %1 was run with another model, prompt, columns, group size or inputs (model %2, prompt “%3”); run it with the same ones to continue it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no earlier batch with these settings and inputs: starting a new one.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the results will not be saved.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the results will not be saved: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>“%1” could not be written completely.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 answered (%2 from an earlier run), %3 failed or not asked.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>stopped: the server could not be reached.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>stopped: the server asks to wait before more requests.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>run it again with --resume (or --batch-id %1) to ask the rest.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>can&apos;t write “%1”: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>several conversations are titled “%1”; give the number of one:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no saved conversation is numbered or titled “%1”.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>couldn&apos;t write %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the history can&apos;t be opened: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unknown format “%1”: use md, html, pdf or json.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a PDF can&apos;t go to standard output; name a file with -o.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>couldn&apos;t read conversation %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the environment variable %1 is not set or empty.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no Databricks workspace: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the Databricks host %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--profile and --base-url can&apos;t be used together.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--token-env goes with --base-url.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 takes only its default temperature; --temperature is left out.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--max-tokens takes a positive whole number.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--temperature takes a number from 0 to 2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--timeout takes a number of seconds.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The pages of the PDF images to send, as &quot;2-4,7&quot; (default: all, up to %1).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PAGES</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Send the images with their location and camera data (GPS, EXIF, XMP, comments); by default Squint removes them from what it sends.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>usage: squint ask [--profile NAME | --base-url URL [--token-env VAR]] --model NAME [--image FILE]... [--pages PAGES] [--keep-metadata] [--system TEXT] [--max-tokens N] [--no-stream] [--json] [--fit] [--save [--title TEXT]] PROMPT</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--pages %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>“%1” is a PDF: a batch on Databricks asks about image files only; run it on this computer (without --on-databricks) to ask about its pages.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--%1 goes with --on-databricks.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--on-databricks needs --volume /Volumes/CATALOG/SCHEMA/VOLUME[/DIR].</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--volume: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--on-databricks needs --warehouse ID|NAME.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--model: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--group can&apos;t go with --on-databricks: ai_query asks about one image at a time.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--system can&apos;t go with --on-databricks: ai_query takes no system prompt.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--dry-run can&apos;t go with --on-databricks: use --print-sql.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--pages can&apos;t go with --on-databricks: ai_query reads image files from the volume.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>uploading the images</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>starting the SQL warehouse</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>submitting the statement</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>statement pending (waiting for the warehouse)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>statement running, %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>reading the results</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>deleting the uploaded folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>uploaded %1 of %2 (%3 already there)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>squint batch: the images would be uploaded to %1 (names: 000001-NAME.EXT in input order); nothing was sent.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--on-databricks needs a Databricks workspace (--profile, DATABRICKS_HOST or ~/.databrickscfg), not --base-url.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>squint batch: batch %1 on Databricks, %n image(s), folder %2.</source>
        <translation>
            <numerusform>squint batch: batch %1 on Databricks, %n image, folder %2.</numerusform>
            <numerusform>squint batch: batch %1 on Databricks, %n images, folder %2.</numerusform>
        </translation>
    </message>
    <message>
        <source>The pages of the PDFs among the inputs, as &quot;2-4,7&quot; (default: all); each page is an image.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Run the batch on a Databricks SQL warehouse as one ai_query statement.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>With --on-databricks: the SQL warehouse, by id or name.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ID|NAME</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>With --on-databricks: the volume folder the images are uploaded under (/Volumes/CATALOG/SCHEMA/VOLUME[/DIR]).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PATH</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>With --on-databricks: print the SQL statement and send nothing.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>With --on-databricks: delete the uploaded folder at the end (default: keep it for re-runs).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Asks the same question about every image of folders or files, one request per image (or per group of N images with --group), and writes one row per request, in input order.
A PDF named as an input gives one image per page (those of --pages), named like report.pdf#page=3.
The prompt is a template: {filename}, {path} and {index} (1-based) are filled in; {{ and }} are literal braces.
--columns names the columns the answer must fill: a comma-separated list (brand,colour,count), a JSON schema object with &quot;properties&quot;, or @FILE holding either. The answer is asked for as one JSON object and read into those columns; an answer that does not parse keeps its raw text and is flagged in parse_error.
Output: --out FILE.csv (RFC 4180), FILE.jsonl or FILE.md (a Markdown table); without --out, JSONL on standard output. A file that fails is a row with its error, never a gap.
Results are saved in Squint&apos;s history as they arrive. --resume continues the latest batch with the same model, prompt, columns, system prompt, group size and inputs (as named on the command line); --batch-id ID continues batch ID (printed at the start of each run). A resumed run does not ask again for files answered before, unless they changed since (size and time, then SHA-256); failed and unfinished files are asked again.
--dry-run reads every image and shows what would be sent (requests, total payload, estimated tokens, and every request over the model&apos;s limits, with what --fit would fix) without sending anything.
A 429 answer pauses every new request for the server&apos;s Retry-After and halves the concurrency, which then grows back. After 3 connection failures in a row the batch stops (the rest is reported not asked): --resume later.
Progress goes to standard error: one line updated in place on a terminal, a plain line every 5 seconds otherwise.
Without --profile or --base-url, the Databricks workspace comes from DATABRICKS_HOST and DATABRICKS_TOKEN, or from ~/.databrickscfg.
--on-databricks runs the batch on a SQL warehouse (--warehouse ID|NAME) of that workspace: the images are uploaded to a folder of their own under --volume (a resumed run uploads only what is missing), the warehouse is started when stopped, and one ai_query statement asks the --model serving endpoint about every image; the rows are the same as from a local run. The prompt can&apos;t use {filename}, {path} or {index} there. --print-sql prints the statement (to paste into a notebook) and sends nothing.
Exit status: 0 every file answered, 1 a file could not be read, 2 usage or configuration, 3 over the model&apos;s limits, 4 connection failed, 5 the server answered with an error, 130 interrupted (the results so far are saved). An answer that does not fill the columns counts as answered (it is flagged, and said on standard error).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Folders, image files and PDFs.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>usage: squint batch [--profile NAME | --base-url URL [--token-env VAR]] --model NAME --prompt TEXT [--columns a,b,c] [--concurrency N] [--group N] [--pages PAGES] [--out FILE.csv|.jsonl|.md] [--resume | --batch-id ID] [--dry-run] [--fit] DIR|FILE...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Captures the screen, or the region X,Y,WIDTH,HEIGHT of it (in device pixels of the whole desktop), as a PNG file. On X11 the screens are grabbed directly; in a Wayland session the desktop&apos;s screenshot portal is asked (it may show its own confirmation).
Exit status: 0 the file was written, 1 nothing could be captured or written, 2 usage.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Only this part of the screen: X,Y,WIDTH,HEIGHT.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>X,Y,W,H</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The PNG file to write.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>usage: squint capture [--region X,Y,W,H] -o FILE.png</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The X11 display could not be opened (Qt platform “%1”).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The screenshot was cancelled.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The screen could not be captured.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The region is outside the screen, which is %1 × %2 pixels.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not write %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Captured %1 × %2 pixels to %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The pages of the PDFs among the files, as &quot;2-4,7&quot; (default: all, up to %1).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Image files, PDFs or folders.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>usage: squint check --model NAME [--fit] [--prompt TEXT] [--pages PAGES] FILE...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>squint check: --pages %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Capture the screen or a region of it to a PNG file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Capture a screen region into the tray: the running Squint does it, or a new one starts and does it (bind this to a keyboard shortcut).</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
