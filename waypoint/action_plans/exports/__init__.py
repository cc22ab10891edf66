"""Files made from the coordination figures: XLSX workbooks, PDF documents, the DOCX submission."""
